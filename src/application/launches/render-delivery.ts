import type { Delivery } from '../../domain/delivery';
import { PulseError } from '../../domain/errors';
import type { BotDeps } from '../bot-deps';
import type { DeliveryContent } from '../outbox/delivery-worker';
import { buildView } from '../polls/build-view';
import { reminderText } from '../polls/run-due-polls';
import type { DigestRenderer } from '../ports/digest-renderer';
import { launchReport } from './launch-poll';

/** What a delivery carries, drawn when it is sent: a poll's shared card as it is now, a reminder, a deletion. */
export async function renderDelivery(deps: BotDeps, delivery: Delivery, digests: DigestRenderer): Promise<DeliveryContent> {
  if (delivery.kind === 'delete') return { delete: true };
  if (delivery.weekId !== undefined) return { card: await digests.card(delivery.weekId) };
  const poll = delivery.pollId === undefined ? undefined : await deps.store.polls.get(delivery.pollId);
  if (!poll)
    throw new PulseError('ahp_pulse_subject_gone', `Poll ${delivery.subject} is gone from the store, so its delivery cannot be drawn; the outbox gives it up.`);
  if (delivery.kind === 'reminder') return { text: reminderText(poll) };
  if (delivery.kind === 'report') {
    const report = launchReport(poll, await deps.store.deliveries.listForPoll(poll.id));
    return { card: deps.presenter.notice(report.title, report.message) };
  }
  return { card: deps.presenter.sharedCard(await buildView(deps, poll)) };
}
