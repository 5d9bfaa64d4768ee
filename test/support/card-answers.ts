import { act, type ClientAction, type Gesture } from './card-client';
import type { FakeConnector } from './fake-connector';
import { cardActionInvoke, type PersonFixture, TENANT_ID } from './teams-activities';

/** A poll card posted as a new thread in a team channel, as the fake connector recorded it. */
export interface PostedCard {
  readonly teamId: string;
  readonly channelId: string;
  /** The thread's conversation id, as Teams sends it on the card's invokes. */
  readonly thread: string;
  /** The card's own message id. */
  readonly activityId: string;
}

/** The newest thread started in `channelId` (by default the team's General channel, whose id is the team's). */
export function latestPostedCard(connector: FakeConnector, teamId: string, channelId: string = teamId): PostedCard {
  // A new thread is recorded on its channel; Teams names the thread after its root message.
  const created = connector.activities.filter((a) => a.method === 'create' && a.conversationId === channelId).at(-1);
  if (!created) throw new Error(`Nothing was posted in ${channelId}.`);
  return { teamId, channelId, thread: `${channelId};messageid=${created.id}`, activityId: created.id };
}

/** What a client sends when a person does `gesture` on the card as the channel shows it now. */
export function actionOnCard(connector: FakeConnector, posted: PostedCard, gesture: Gesture): ClientAction {
  const shown = connector.cardsShown(posted.channelId).find((c) => c.id === posted.activityId);
  if (!shown) throw new Error(`The channel no longer shows message ${posted.activityId}.`);
  return act(shown.card, gesture);
}

/** The Action.Execute invoke Teams sends for `action`, from `person`, in the card's thread. */
export function invokeOf(connector: FakeConnector, posted: PostedCard, person: PersonFixture, action: ClientAction): Record<string, unknown> {
  return cardActionInvoke(
    connector.url,
    { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: posted.thread },
    person,
    action.verb,
    action.data,
    { tenant: { id: TENANT_ID }, team: { id: posted.teamId }, channel: { id: posted.channelId } },
  );
}
