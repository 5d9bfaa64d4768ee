/**
 * The errors AHP Pulse raises on purpose: one shape, a stable `ahp_pulse_*` code from this
 * list (for logs, tests and anyone handling them), and a message that names the bad value and
 * says what to do about it, as bolt-js's errors.ts does. A person in Teams never sees these
 * messages unless they are about what that person typed; the log gets them with a reference.
 */
export const ERROR_CODES = [
  // What a person asked for does not fit the rules (a poll's choices, a template, a time).
  'ahp_pulse_poll_rule',
  // content/ (priorities, professions, templates) or the configuration is wrong: fix the file or variable named.
  'ahp_pulse_catalog_invalid',
  'ahp_pulse_config_invalid',
  'ahp_pulse_card_template_invalid',
  'ahp_pulse_containers_undefined',
  'ahp_pulse_schedule_never_runs',
  'ahp_pulse_respondent_key_too_short',
  // Two handlers for one command or verb: a programming error, caught at start-up.
  'ahp_pulse_duplicate_route',
  'ahp_pulse_duplicate_verb',
  'ahp_pulse_route_needs_roles',
  'ahp_pulse_route_help_unclear',
  // The store: which one and what to do is in the message.
  'ahp_pulse_store_unavailable',
  'ahp_pulse_store_throttled',
  'ahp_pulse_store_corrupt',
  'ahp_pulse_store_unwritable',
  'ahp_pulse_store_schema_too_new',
  'ahp_pulse_store_not_ours',
  'ahp_pulse_store_closed',
  // Something changed under a versioned write more often than retrying could follow.
  'ahp_pulse_changed_meanwhile',
  // What a delivery was about is gone (a poll deleted, a digest never recorded).
  'ahp_pulse_subject_gone',
  // Teams answered without what the bot needs (a message id), or refused: the outbox decides what next.
  'ahp_pulse_teams_incomplete_answer',
  'ahp_pulse_send_failed',
  'ahp_pulse_export_not_found',
  'ahp_pulse_timeout',
  // The outbox found no free sending slot in a long look ahead: the store's leases are wrong or full.
  'ahp_pulse_no_slot',
  'ahp_pulse_unreachable',
  // A file handed to the app package's checks is not the zip or PNG it should be.
  'ahp_pulse_app_package_invalid',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class PulseError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PulseError';
  }
}
