import type { Actor } from '../../domain/actor';
import type { BotDeps } from '../bot-deps';
import { cardReply, type Reply } from '../routing/reply';
import { buildView, canManage } from './build-view';
import { postedIn } from './postings';

/**
 * A person's own view of a poll: their answer, and results if they may see them. Only where
 * the poll was posted, or for its author or an admin: a poll id typed into a card elsewhere
 * shows nothing, not even whether the poll exists.
 */
export async function viewPoll(deps: BotDeps, pollId: string, actor: Actor, conversationId: string): Promise<Reply> {
  const poll = await deps.store.polls.get(pollId);
  const here = poll && (canManage(deps, poll, actor) || (await postedIn(deps.store, poll, conversationId)));
  if (!poll || !here) return cardReply(deps.presenter.notice('This poll is not available', 'It may have been removed, or it was not posted here.'));
  const mine = await deps.store.responses.get(poll.id, deps.respondentKey(poll, actor));
  const view = await buildView(deps, poll, { ...(mine ? { mine } : {}), canManage: canManage(deps, poll, actor) });
  return cardReply(deps.presenter.personalCard(view));
}
