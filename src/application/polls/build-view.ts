import type { Actor } from '../../domain/actor';
import { type Poll, isOpenAt, resultsVisible } from '../../domain/poll';
import type { PollResponse } from '../../domain/response';
import { Tally } from '../../domain/results';
import type { PollDeps } from './poll-deps';
import type { PollView } from './poll-view';

/** Whether this person may manage the poll (close it, see its delivery, recall it): its author or an admin. */
export function canManage(deps: Pick<PollDeps, 'roles'>, poll: Poll, actor: Actor): boolean {
  const id = actor.aadObjectId.toLowerCase();
  return id !== '' && (poll.author.aadObjectId.toLowerCase() === id || deps.roles.isAdmin(id));
}

/**
 * Builds what a card shows. Results appear only when the poll's visibility allows them for
 * this viewer, and only from `minRespondents` answers up, so no small group can be singled out.
 */
export async function buildView(
  deps: Pick<PollDeps, 'store' | 'clock' | 'content' | 'settings' | 'resultsCache'>,
  poll: Poll,
  viewer?: { readonly mine?: PollResponse; readonly canManage: boolean; readonly notice?: PollView['notice'] },
): Promise<PollView> {
  const now = deps.clock.now();
  const respondents = await deps.resultsCache.respondents(poll, viewer === undefined, () => deps.store.responses.count(poll.id));
  const allowed = resultsVisible(poll, viewer ? { isAuthorOrAdmin: viewer.canManage, hasAnswered: viewer.mine !== undefined } : undefined, now);
  if (isStepped(poll, now)) return steppedView(deps, poll, viewer, { now, respondents, allowed });
  const enough = respondents >= deps.settings.minRespondents;
  let resultsNote: string | undefined;
  if (!allowed) {
    resultsNote = {
      live: '',
      'after-answer': 'Results show once you have answered.',
      'after-close': 'Results show when the poll closes.',
      'author-only': 'Results go to the poll’s author.',
    }[poll.visibility];
  } else if (!enough) {
    resultsNote = `Results show once ${deps.settings.minRespondents} people have answered, to protect anonymity.`;
  }
  return {
    poll,
    catalog: deps.content.catalog,
    now,
    respondents,
    ...(allowed && enough
      ? {
          // The shared card (no viewer) always recounts; a person's view may reuse recent results.
          results: await countResults(deps, poll, viewer === undefined),
        }
      : {}),
    ...(resultsNote ? { resultsNote } : {}),
    ...(viewer?.mine ? { mine: { answer: viewer.mine.value } } : {}),
    ...(viewer?.notice ? { notice: viewer.notice } : {}),
    canManage: viewer?.canManage ?? false,
  };
}

/**
 * An anonymous poll whose figures show while it is open (live, or after answering) would
 * otherwise give one person's answer away to anyone who looks before and after they answer:
 * the counts would move by exactly their answer. Its figures move in steps instead: they are
 * redrawn only once K more people have answered since the figures last shown (kept with the
 * poll, so every instance shows the same). Two views either side of one answer show the same
 * figures (the count of answers moves: that someone answered is not what they answered); what
 * changes between two steps is the answers of K people or more. A closed poll shows its final figures.
 */
function isStepped(poll: Poll, now: Date): boolean {
  return poll.anonymous && (poll.visibility === 'live' || poll.visibility === 'after-answer') && isOpenAt(poll, now);
}

async function steppedView(
  deps: Pick<PollDeps, 'store' | 'clock' | 'content' | 'settings' | 'resultsCache'>,
  poll: Poll,
  viewer: { readonly mine?: PollResponse; readonly canManage: boolean; readonly notice?: PollView['notice'] } | undefined,
  at: { now: Date; respondents: number; allowed: boolean },
): Promise<PollView> {
  const k = deps.settings.minRespondents;
  let shown = poll.shownResults;
  let shownPoll = poll;
  if (at.respondents >= (shown ? shown.respondents + k : k)) {
    const results = await countResults(deps, poll, viewer === undefined);
    const next = { respondents: results.respondents, results };
    const updated = { ...poll, shownResults: next, version: poll.version + 1 };
    // Only figures that were stored are shown: if another view stored newer ones first, these old ones show until the next view.
    if (results.respondents >= (shown ? shown.respondents + k : k) && (await deps.store.polls.update(updated, poll.version))) {
      shown = next;
      shownPoll = updated;
    }
  }
  const resultsNote = !at.allowed
    ? poll.visibility === 'after-answer'
      ? 'Results show once you have answered.'
      : undefined
    : shown
      ? `Results move in steps of ${k} answers, so no one’s answer shows by itself.`
      : `Results show once ${k} people have answered, to protect anonymity.`;
  return {
    poll: shownPoll,
    catalog: deps.content.catalog,
    now: at.now,
    // How many have answered is not what they answered: the count stays exact.
    respondents: at.respondents,
    ...(at.allowed && shown ? { results: shown.results } : {}),
    ...(resultsNote ? { resultsNote } : {}),
    ...(viewer?.mine ? { mine: { answer: viewer.mine.value } } : {}),
    ...(viewer?.notice ? { notice: viewer.notice } : {}),
    canManage: viewer?.canManage ?? false,
  };
}

function countResults(deps: Pick<PollDeps, 'store' | 'content' | 'resultsCache'>, poll: Poll, fresh: boolean) {
  return deps.resultsCache.get(poll, fresh, async () => {
    // Paged, so that counting a big poll never holds up the answers arriving meanwhile.
    const counted = new Tally(poll, new Map(deps.content.catalog.priorities.map((p) => [p.id, p.title])));
    for await (const { value, count } of deps.store.responses.countAnswers(poll.id)) counted.add(value, count);
    return counted.result();
  });
}

export function openNow(deps: Pick<PollDeps, 'clock'>, poll: Poll): boolean {
  return isOpenAt(poll, deps.clock.now());
}
