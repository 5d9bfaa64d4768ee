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
          results: await deps.resultsCache.get(poll, viewer === undefined, async () => {
            // Paged, so that counting a big poll never holds up the answers arriving meanwhile.
            const counted = new Tally(poll, new Map(deps.content.catalog.priorities.map((p) => [p.id, p.title])));
            for await (const { value, count } of deps.store.responses.countAnswers(poll.id)) counted.add(value, count);
            return counted.result();
          }),
        }
      : {}),
    ...(resultsNote ? { resultsNote } : {}),
    ...(viewer?.mine ? { mine: { answer: viewer.mine.value } } : {}),
    ...(viewer?.notice ? { notice: viewer.notice } : {}),
    canManage: viewer?.canManage ?? false,
  };
}

export function openNow(deps: Pick<PollDeps, 'clock'>, poll: Poll): boolean {
  return isOpenAt(poll, deps.clock.now());
}
