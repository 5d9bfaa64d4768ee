/** What a command says to an argument that is not a poll id (which it does not repeat). */
export const NOT_A_POLL_ID =
  'That is not a poll id. Poll ids look like p1a2b3c4d5: the bot gives one when a poll starts, and "status" lists them in its reports.';

/**
 * The one reply every use case gives: a card or a line of text, for the person who asked.
 * A card action's reply is the person's own view, for them alone: an Action.Execute's invoke
 * response, or a message in their personal chat. Where others would see a message (the
 * Action.Submit fallback in a channel or group chat), only `acknowledgement` is said: a
 * neutral sentence with nothing of the person's answer or of results.
 */
export type Reply = (
  | { readonly kind: 'card'; readonly card: object }
  | { readonly kind: 'text'; readonly text: string }
  /** Already said in the conversation (a dialog's first question): nothing more to send. */
  | { readonly kind: 'said' }
) & {
  readonly acknowledgement?: string;
};

/** A line of text, as a reply. */
export function textReply(text: string): Reply {
  return { kind: 'text', text };
}

/** A card, as a reply; `acknowledgement` is what a channel sees where the card is the person's own (see above). */
export function cardReply(card: object, acknowledgement?: string): Reply {
  return acknowledgement === undefined ? { kind: 'card', card } : { kind: 'card', card, acknowledgement };
}

/** Nothing more to send: the handler has said it already (a dialog asked its first question). */
export const ALREADY_SAID: Reply = { kind: 'said' };

/** What the fallback says in a channel when the handler gave no acknowledgement of its own. */
export const PRIVATE_REPLY_NOT_POSTED =
  'What that button shows is only for you, so AHP Pulse does not post it here. Open the card in Teams on the desktop or the web, or chat with AHP Pulse, to see it.';
