import type { Actor } from '../../domain/actor';
import { isOpenAt, type Poll, resultsVisible } from '../../domain/poll';
import type { PollResponse } from '../../domain/response';
import { Tally } from '../../domain/results';
import type { BotDeps } from '../bot-deps';
import type { PollView } from '../ports/poll-presenter';

/** Whether this person may manage the poll (close it, see its delivery, recall it): its author or an admin. */
export function canManage(deps: Pick<BotDeps, 'roles'>, poll: Poll, actor: Actor): boolean {
  const id = actor.aadObjectId.toLowerCase();
  return id !== '' && (poll.author.aadObjectId.toLowerCase() === id || deps.roles.isAdmin(id));
}

/**
 * Builds what a card shows. Results appear only when the poll's visibility allows them for
 * this viewer, and only from `minRespondents` answers up, so no small group can be singled out.
 */
export async function buildView(
  deps: Pick<BotDeps, 'store' | 'clock' | 'content' | 'settings' | 'resultsCache'>,
  poll: Poll,
  viewer?: { readonly mine?: PollResponse; readonly canManage: boolean; readonly notice?: PollView['notice'] },
): Promise<PollView> {
  const now = deps.clock.now();
  const respondents = await deps.resultsCache.respondents(poll, viewer === undefined, () => deps.store.responses.count(poll.id));
  const allowed = resultsVisible(poll, viewer ? { isAuthorOrAdmin: viewer.canManage, hasAnswered: viewer.mine !== undefined } : undefined, now);
  // The shared card (no viewer) always recounts; a person's view may reuse recent results.
  const fresh = viewer === undefined;
  const figures = !allowed
    ? { poll, ...(NOT_VISIBLE[poll.visibility] ? { resultsNote: NOT_VISIBLE[poll.visibility] } : {}) }
    : isStepped(poll, now)
      ? await steppedFigures(deps, poll, respondents, fresh)
      : respondents >= deps.settings.minRespondents
        ? { poll, results: await countResults(deps, poll, fresh) }
        : { poll, resultsNote: tooFew(deps.settings.minRespondents) };
  return {
    catalog: deps.content.catalog,
    now,
    // How many have answered is not what they answered: the count is exact, stepped figures or not.
    respondents,
    ...figures,
    ...(viewer?.mine ? { mine: { answer: viewer.mine.value } } : {}),
    ...(viewer?.notice ? { notice: viewer.notice } : {}),
    canManage: viewer?.canManage ?? false,
  };
}

/** Why results are not shown to this viewer, by the poll's visibility (none to say for live). */
const NOT_VISIBLE: Readonly<Record<Poll['visibility'], string>> = {
  live: '',
  'after-answer': 'Results show once you have answered.',
  'after-close': 'Results show when the poll closes.',
  'author-only': 'Results go to the poll’s author.',
};

const tooFew = (k: number) => `Results show once ${k} people have answered, to protect anonymity.`;

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

/** The figures last shown, or new ones once K more have answered (stored first: only stored figures are shown). */
async function steppedFigures(
  deps: Pick<BotDeps, 'store' | 'content' | 'settings' | 'resultsCache'>,
  poll: Poll,
  respondents: number,
  fresh: boolean,
): Promise<Pick<PollView, 'poll' | 'results' | 'resultsNote'>> {
  const k = deps.settings.minRespondents;
  const nextStep = poll.shownResults ? poll.shownResults.respondents + k : k;
  let shownPoll = poll;
  if (respondents >= nextStep) {
    const results = await countResults(deps, poll, fresh);
    const updated = { ...poll, shownResults: { respondents: results.respondents, results }, version: poll.version + 1 };
    // If another view stored newer figures first, the old ones show until the next view.
    if (results.respondents >= nextStep && (await deps.store.polls.update(updated, poll.version))) shownPoll = updated;
  }
  const shown = shownPoll.shownResults;
  return shown
    ? { poll: shownPoll, results: shown.results, resultsNote: `Results move in steps of ${k} answers, so no one’s answer shows by itself.` }
    : { poll, resultsNote: tooFew(k) };
}

function countResults(deps: Pick<BotDeps, 'store' | 'content' | 'resultsCache'>, poll: Poll, fresh: boolean) {
  return deps.resultsCache.get(poll, fresh, async () => {
    // Paged, so that counting a big poll never holds up the answers arriving meanwhile.
    const counted = new Tally(poll, new Map(deps.content.catalog.priorities.map((p) => [p.id, p.title])));
    for await (const { value, count } of deps.store.responses.countAnswers(poll.id)) counted.add(value, count);
    return counted.result();
  });
}

export function openNow(deps: Pick<BotDeps, 'clock'>, poll: Poll): boolean {
  return isOpenAt(poll, deps.clock.now());
}
