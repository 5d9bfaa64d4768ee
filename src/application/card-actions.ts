import type { Actor } from '../domain/actor';

export type { Actor } from '../domain/actor';
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

/**
 * A card action's reply is the person's own view, for them alone: an Action.Execute's invoke
 * response, or a message in their personal chat. Where others would see a message (the
 * Action.Submit fallback in a channel or group chat), only `acknowledgement` is said: a
 * neutral sentence with nothing of the person's answer or of results.
 */
export type CardReply = ({ readonly kind: 'card'; readonly card: object } | { readonly kind: 'text'; readonly text: string }) & {
  readonly acknowledgement?: string;
};

/** What the fallback says in a channel when the handler gave no acknowledgement of its own. */
export const PRIVATE_REPLY_NOT_POSTED =
  'What that button shows is only for you, so AHP Pulse does not post it here. Open the card in Teams on the desktop or the web, or chat with AHP Pulse, to see it.';

export type CardActionHandler = (input: CardActionInput) => Promise<CardReply>;

export class DuplicateVerbError extends Error {
  readonly code = 'ahp_pulse_duplicate_verb';
  constructor(verb: string) {
    super(`The card verb "${verb}" is registered twice. Each verb has one handler; rename one of them in src/cards/verbs.ts.`);
    this.name = 'DuplicateVerbError';
  }
}

export class CardActionRouter {
  private readonly handlers = new Map<string, CardActionHandler>();

  constructor(private readonly onUnknown: CardActionHandler) {}

  on(verb: string, handler: CardActionHandler): this {
    if (this.handlers.has(verb)) throw new DuplicateVerbError(verb);
    this.handlers.set(verb, handler);
    return this;
  }

  has(verb: string): boolean {
    return this.handlers.has(verb);
  }

  verbs(): string[] {
    return [...this.handlers.keys()];
  }

  dispatch(input: CardActionInput): Promise<CardReply> {
    const handler = this.handlers.get(input.verb) ?? this.onUnknown;
    return handler(input);
  }
}
