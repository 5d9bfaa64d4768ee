/**
 * The audit log: who did what, and when, for the things an information-governance team asks
 * about. A record names people by a keyed pseudonym only (never a name or a raw object id), so
 * the log itself holds nothing a subject access request or an erasure has to find.
 */
export const AUDIT_ACTIONS = [
  'lead.added',
  'lead.removed',
  'poll.launched',
  'poll.closed',
  'poll.cancelled',
  'poll.recalled',
  'weekly.stopped',
  'export.issued',
  'export.downloaded',
  'data.deleted',
  'content.priority.added',
  'content.priority.changed',
  'content.priority.retired',
  'content.workforce.changed',
  'template.saved',
  'template.retired',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  readonly id: string;
  readonly at: string;
  /** Who did it: a keyed pseudonym ("pn:…"), or "schedule" for the bot's own timers. */
  readonly actor: string;
  readonly action: AuditAction;
  /** What it was about: a poll id, a week, or the pseudonym of the person concerned. */
  readonly subject: string;
  /** A few words more, never personal data ("3 channels", "anonymous poll"). */
  readonly detail?: string;
}
