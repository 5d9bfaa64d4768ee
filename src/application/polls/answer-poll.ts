import type { Actor } from '../../domain/actor';
import { parseAnswer } from '../../domain/answer';
import { activePriorities } from '../../domain/catalog';
import type { PollResponse } from '../../domain/response';
import { formatUkTime } from '../../domain/uk-time';
import type { BotDeps } from '../bot-deps';
import { cardReply, type Reply } from '../routing/reply';
import { StoreError } from '../store-error';
import { buildView, canManage, openNow } from './build-view';
import { postedIn } from './postings';

export interface AnswerInput {
  readonly pollId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly actor: Actor;
  readonly conversationId: string;
  /** When Teams received the answer (the activity's timestamp). */
  readonly answeredAt: string;
}

/**
 * Records one person's answer (or their changed answer) and returns their own view of the
 * poll. Anything wrong with the card's data is answered in the card; nothing is stored.
 */
export async function answerPoll(deps: BotDeps, input: AnswerInput): Promise<Reply> {
  try {
    const { reply, saved } = await recordAnswer(deps, input);
    return { ...reply, acknowledgement: saved ? ANSWER_SAVED : ANSWER_NOT_SAVED };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    // Never report an answer as saved when it may not be: the store did not confirm it.
    deps.logger.warn('Could not save an answer', { pollId: input.pollId, code: error.code, error });
    return cardReply(
      deps.presenter.notice(
        'We could not save your answer',
        error.code === 'ahp_pulse_store_throttled'
          ? 'Many people are answering right now. Please try again in a moment.'
          : 'Please try again in a moment. If it keeps happening, tell your AHP Pulse admin.',
      ),
      ANSWER_NOT_SAVED,
    );
  }
}

/** What the Action.Submit fallback may say where others see it: nothing of the answer itself. */
export const ANSWER_SAVED = 'Thank you: your answer is saved. Only you can see it; you can change it from the card until the poll closes.';
export const ANSWER_NOT_SAVED = 'Your answer was not saved. Please try again from the card.';

async function recordAnswer(deps: BotDeps, input: AnswerInput): Promise<{ reply: Reply; saved: boolean }> {
  const { presenter } = deps;
  const poll = await deps.store.polls.get(input.pollId);
  if (!poll) {
    return { saved: false, reply: cardReply(presenter.notice('This poll is not available', 'It may have been removed. Nothing was saved.')) };
  }
  if (!(await postedIn(deps.store, poll, input.conversationId))) {
    return {
      saved: false,
      reply: cardReply(presenter.notice('This poll was not posted here', 'Please answer it in the channel where it was posted. Nothing was saved.')),
    };
  }
  const manage = canManage(deps, poll, input.actor);
  const key = deps.respondentKey(poll, input.actor);
  // Only the refusals need the earlier answer (to show it back); a saved answer returns its own.
  const previous = () => deps.store.responses.get(poll.id, key);
  if (!openNow(deps, poll)) {
    const notice = { tone: 'attention' as const, text: `This poll closed on ${formatUkTime(poll.closedAt ?? poll.closesAt)}; it takes no more answers.` };
    const mine = await previous();
    return {
      saved: false,
      reply: cardReply(presenter.personalCard(await buildView(deps, poll, { ...(mine ? { mine } : {}), canManage: manage, notice }))),
    };
  }
  const parsed = parseAnswer(
    poll,
    input.data,
    activePriorities(deps.content.catalog).map((p) => p.id),
  );
  if (!parsed.ok) {
    const notice = { tone: 'attention' as const, text: `${parsed.problem} Your answer was not saved.` };
    const mine = await previous();
    return {
      saved: false,
      reply: cardReply(presenter.personalCard(await buildView(deps, poll, { ...(mine ? { mine } : {}), canManage: manage, notice }))),
    };
  }
  const profile = input.actor.aadObjectId ? await deps.store.profiles.get(input.actor.aadObjectId.toLowerCase()) : undefined;
  const response: PollResponse = {
    pollId: poll.id,
    respondentKey: key,
    participantSeal: deps.participants.seal(input.actor),
    ...(poll.anonymous ? {} : { aadObjectId: input.actor.aadObjectId.toLowerCase(), name: input.actor.name }),
    ...(profile ? { profession: profile.profession } : {}),
    value: parsed.value,
    answeredAt: input.answeredAt,
    firstAnsweredAt: input.answeredAt,
    revision: 0,
  };
  const { outcome, stored: mine } = await deps.store.responses.save(response);
  if (outcome === 'created' || outcome === 'updated') {
    deps.requestRefresh(poll.id);
    deps.metrics.answerSaved(outcome);
    if (outcome === 'created') deps.resultsCache.answerCreated(poll.id);
  }
  const text =
    outcome === 'stale'
      ? 'A newer answer of yours was already saved, so this one was not.'
      : `Saved. You can change your answer until ${formatUkTime(poll.closesAt)}.`;
  const view = await buildView(deps, poll, { mine, canManage: manage, notice: { tone: outcome === 'stale' ? 'attention' : 'good', text } });
  return { saved: outcome !== 'stale', reply: cardReply(presenter.personalCard(view)) };
}
