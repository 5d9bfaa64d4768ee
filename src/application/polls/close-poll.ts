import type { Actor } from '../../domain/actor';
import { PulseError } from '../../domain/errors';
import type { ClosedBy, Poll } from '../../domain/poll';
import type { BotDeps } from '../bot-deps';
import { type AuditActor, recordAudit } from '../record-audit';
import { cardReply, type Reply } from '../routing/reply';
import { buildView, canManage } from './build-view';
import { queueCardUpdates } from './postings';

/**
 * Closes a poll once, whoever asks first (the schedule, the author, an admin): the change is
 * a versioned write, so two instances or two clicks cannot both close it. The posted cards
 * then show the final results (as the poll's visibility allows).
 */
export async function closePollNow(
  deps: BotDeps,
  pollId: string,
  by: ClosedBy,
  who: AuditActor = 'schedule',
  /** Whether this close is its own audit record (a cancel or recall records itself instead). */
  audited = true,
): Promise<Poll | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const poll = await deps.store.polls.get(pollId);
    if (!poll || poll.status === 'closed') return poll;
    const now = deps.clock.now().toISOString();
    const closed: Poll = { ...poll, status: 'closed', closedAt: now, closedBy: by, version: poll.version + 1 };
    if (await deps.store.polls.update(closed, poll.version)) {
      deps.logger.info('Poll closed', { pollId, by });
      if (audited) await recordAudit(deps, who, 'poll.closed', pollId);
      await queueCardUpdates(deps, closed); // the final results, through the outbox
      return closed;
    }
  }
  throw new PulseError('ahp_pulse_changed_meanwhile', `Poll ${pollId} kept changing while it was being closed (5 tries); close it again in a moment.`);
}

/** "Close now", from the author or an admin; anyone else is told, kindly, that they cannot. */
export async function closePollByRequest(deps: BotDeps, pollId: string, actor: Actor): Promise<Reply> {
  const poll = await deps.store.polls.get(pollId);
  if (!poll) return cardReply(deps.presenter.notice('This poll is not available', 'It may have been removed.'));
  const manage = canManage(deps, poll, actor);
  if (!manage) {
    return cardReply(deps.presenter.notice('Only the poll’s author can close it', 'An admin can close it too. Nothing was changed.'));
  }
  const by = poll.author.aadObjectId === actor.aadObjectId.toLowerCase() ? 'author' : 'admin';
  const closed = (await closePollNow(deps, pollId, by, actor)) ?? poll;
  const view = await buildView(deps, closed, { canManage: true, notice: { tone: 'good', text: 'The poll is closed; its cards now show the final results.' } });
  return cardReply(deps.presenter.personalCard(view));
}
