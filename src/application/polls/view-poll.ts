import type { Actor } from '../../domain/actor';
import type { CardReply } from '../card-actions';
import type { PollDeps } from './poll-deps';
import { buildView, canManage } from './build-view';

/** A person's own view of a poll: their answer, and results if they may see them. */
export async function viewPoll(deps: PollDeps, pollId: string, actor: Actor): Promise<CardReply> {
  const poll = await deps.store.polls.get(pollId);
  if (!poll) return { kind: 'card', card: deps.presenter.notice('This poll is not available', 'It may have been removed.') };
  const mine = await deps.store.responses.get(poll.id, deps.respondentKey(poll, actor));
  const view = await buildView(deps, poll, { ...(mine ? { mine } : {}), canManage: canManage(deps, poll, actor) });
  return { kind: 'card', card: deps.presenter.personalCard(view) };
}
