import type { Actor } from '../../domain/actor';
import { PulseError } from '../../domain/errors';
import type { Roles } from '../ports/roles';
import type { Reply } from './reply';
import { Router } from './router';

/**
 * The verb table: one place that maps a card action's verb to its handler, whether the
 * action came as Action.Execute (an adaptiveCard/action invoke) or as the Action.Submit
 * fallback (a message whose value carries the verb). Registering a verb twice fails at
 * start-up, not at the first tap.
 */

export interface CardActionInput {
  readonly verb: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly actor: Actor;
  readonly conversationId: string;
  readonly conversationType: string;
  /** Correlates the user's error card with the log line. */
  readonly correlationId: string;
  /** When Teams received the action (the activity's timestamp), as an ISO string. */
  readonly receivedAt: string;
}

export type CardActionHandler = (input: CardActionInput) => Promise<Reply>;

export class DuplicateVerbError extends PulseError {
  constructor(verb: string) {
    super('ahp_pulse_duplicate_verb', `The card verb "${verb}" is registered twice. Each verb has one handler; rename one of them in src/cards/verbs.ts.`);
    this.name = 'DuplicateVerbError';
  }
}

/** The verb table: the one router, keyed by a card action's verb. */
export class CardActionRouter extends Router<CardActionInput> {
  constructor(onUnknown: CardActionHandler, roles?: Roles) {
    super(roles, onUnknown, (verb) => new DuplicateVerbError(verb));
  }

  verbs(): string[] {
    return this.names();
  }

  dispatch(input: CardActionInput): Promise<Reply> {
    return this.route(input.verb, input);
  }
}
