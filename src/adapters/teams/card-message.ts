import { type Activity, CardFactory, MessageFactory } from 'botbuilder';

/** A message carrying one Adaptive Card. */
export function cardMessage(card: object): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}
