import { type Activity, CardFactory, MessageFactory } from 'botbuilder';
import type { Reply } from '../../application/routing/reply';

/** A message carrying one Adaptive Card. */
export function cardMessage(card: object): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** A use case's reply as the message that says it; undefined when it was already said (a dialog's question). */
export function replyMessage(reply: Reply): Partial<Activity> | undefined {
  if (reply.kind === 'card') return cardMessage(reply.card);
  return reply.kind === 'text' ? MessageFactory.text(reply.text) : undefined;
}
