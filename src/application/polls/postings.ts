import { type ChannelTarget, channelOfConversation, type Delivery, deliveryId, newDelivery, type Posting } from '../../domain/delivery';
import type { Poll } from '../../domain/poll';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';

/**
 * Where a poll's card is: posted at once in the channel it was started in (poll.postings), or
 * delivered through the outbox to the channels of a launch.
 */
export async function postingsOf(store: Store, poll: Poll): Promise<Posting[]> {
  return postingsFrom(poll, await store.deliveries.listForPoll(poll.id));
}

/** The same, from the poll's deliveries already read. */
export function postingsFrom(poll: Poll, deliveries: readonly Delivery[]): Posting[] {
  const delivered = deliveries.filter((d) => d.kind === 'post' && d.status === 'sent' && d.sent);
  return [...poll.postings, ...delivered.map((d) => d.sent!)];
}

/** Whether a card action came from a channel the poll was posted to (a point read for a launch). */
export async function postedIn(store: Store, poll: Poll, conversationId: string): Promise<boolean> {
  const channel = channelOfConversation(conversationId);
  if (poll.postings.some((p) => p.conversationId === conversationId || p.channelId === channel)) return true;
  const delivery = await store.deliveries.get(deliveryId(poll.id, 'post', channel));
  return delivery?.status === 'sent';
}

const targetOf = (posting: Posting, tenantId: string): ChannelTarget => ({
  teamId: posting.teamId,
  channelId: posting.channelId,
  tenantId,
  serviceUrl: posting.serviceUrl,
  address: posting.address,
});

/** Asks for every posted card of the poll to be redrawn (coalesced: one pending update per card). */
export async function queueCardUpdates(deps: { store: Store; clock: Clock }, poll: Poll): Promise<number> {
  const now = deps.clock.now().toISOString();
  const postings = await postingsOf(deps.store, poll);
  return deps.store.deliveries.requeue(postings.map((p) => newDelivery({ pollId: poll.id }, 'update', targetOf(p, poll.tenantId), now, { posting: p })));
}

/** Queues one reminder into each of the poll's threads (once: the ids are per poll and channel). */
export async function queueReminders(deps: { store: Store; clock: Clock }, poll: Poll): Promise<number> {
  const now = deps.clock.now().toISOString();
  const postings = await postingsOf(deps.store, poll);
  return deps.store.deliveries.enqueue(postings.map((p) => newDelivery({ pollId: poll.id }, 'reminder', targetOf(p, poll.tenantId), now, { posting: p })));
}

/** Queues the deletion of every posted card of the poll (a recall). */
export async function queueRecall(deps: { store: Store; clock: Clock }, poll: Poll): Promise<number> {
  const now = deps.clock.now().toISOString();
  const postings = await postingsOf(deps.store, poll);
  return deps.store.deliveries.enqueue(postings.map((p) => newDelivery({ pollId: poll.id }, 'delete', targetOf(p, poll.tenantId), now, { posting: p })));
}
