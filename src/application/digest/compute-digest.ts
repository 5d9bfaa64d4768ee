import { type Catalog, priorityText } from '../../domain/catalog';
import { DigestBuilder, ParticipationCounter, pollInWeek, resultsFinal, THEME_SAMPLE } from '../../domain/digest/builder';
import type { Digest, WeekSupport } from '../../domain/digest/model';
import { TREND_WEEKS, weeksEndingAt } from '../../domain/digest/trend';
import { type DigestWeek, previousWeek } from '../../domain/digest/week';
import type { Poll } from '../../domain/poll';
import type { PriorityWords } from '../../domain/priority-matcher';
import type { DigestDeps } from './digest-deps';

const wordCache = new WeakMap<DigestDeps['analyser'], WeakMap<Catalog, Map<string, PriorityWords>>>();

function counted(words: readonly string[]): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * The words of each draft priority's title, description and what it covers, as the analyser's
 * stems, for mapping themes to priorities: worked out once for each catalogue (an admin's edit
 * makes a new one).
 */
export function priorityWords(deps: Pick<DigestDeps, 'analyser' | 'catalog'>): ReadonlyMap<string, PriorityWords> {
  let byCatalog = wordCache.get(deps.analyser);
  if (!byCatalog) {
    byCatalog = new WeakMap();
    wordCache.set(deps.analyser, byCatalog);
  }
  let cached = byCatalog.get(deps.catalog);
  if (!cached) {
    cached = new Map(
      deps.catalog.priorities.map((p) => [
        p.id,
        {
          id: p.id,
          words: counted(deps.analyser.analyse(priorityText(p)).words),
          covered: new Set(deps.analyser.analyse((p.covers ?? []).join('. ')).words),
        },
      ]),
    );
    byCatalog.set(deps.catalog, cached);
  }
  return cached;
}

/** The priorities a week's digest ranks: every one not retired, and a retired one only where a poll of the week asked about it. */
function weekCatalog(catalog: Catalog, polls: readonly Poll[], week: DigestWeek): Catalog {
  if (!catalog.priorities.some((p) => p.retiredAt)) return catalog;
  const asked = new Set(polls.filter((poll) => pollInWeek(poll, week)).flatMap((poll) => poll.priorityIds));
  return { ...catalog, priorities: catalog.priorities.filter((p) => !p.retiredAt || asked.has(p.id)) };
}

/**
 * Computes a week's digest from the store: each poll open in the week or the week before is
 * streamed once, feeding this week's figures and last week's participation (for the change).
 * Only polls closed by now count (resultsFinal): an open poll is listed without figures, and
 * an author-only poll is left out.
 */
export async function computeDigest(
  deps: Pick<DigestDeps, 'store' | 'clock' | 'catalog' | 'analyser' | 'minRespondents' | 'participants'>,
  week: DigestWeek,
): Promise<Digest> {
  const before = previousWeek(week);
  const previous = new ParticipationCounter(before, deps.participants);
  const polls = await deps.store.polls.listOpenBetween(before.startsAt, week.endsAt);
  const now = deps.clock.now().toISOString();
  // How many open answers the week holds (a count each), so that the themes read an even
  // sample of about THEME_SAMPLE of them as they stream past, never holding them.
  let open = 0;
  for (const poll of polls) {
    if (poll.kind === 'open' && pollInWeek(poll, week) && resultsFinal(poll, now)) open += await deps.store.responses.count(poll.id);
  }
  const builder = new DigestBuilder(
    week,
    weekCatalog(deps.catalog, polls, week),
    deps.minRespondents,
    {
      analyse: (text) => deps.analyser.analyse(text),
      priorityWords: priorityWords(deps),
      sampleRate: open > THEME_SAMPLE ? THEME_SAMPLE / open : 1,
    },
    deps.participants,
  );
  for (const poll of polls) {
    const thisWeek = pollInWeek(poll, week);
    const lastWeek = pollInWeek(poll, before);
    const final = resultsFinal(poll, now);
    if (thisWeek) builder.addPoll(poll, final);
    if (!final) continue;
    for await (const response of deps.store.responses.stream(poll.id)) {
      if (thisWeek) builder.addResponse(response);
      if (lastWeek) previous.count(response);
    }
  }
  return builder.finish({ previous, computedAt: deps.clock.now(), past: await publishedSupport(deps, weeksEndingAt(before, TREND_WEEKS - 1)) });
}

/** Each week's priority support as its digest published it (weeks with no digest left out). */
export async function publishedSupport(deps: Pick<DigestDeps, 'store'>, weekIds: readonly string[]): Promise<WeekSupport[]> {
  const publications = await Promise.all(weekIds.map((id) => deps.store.digests.get(id)));
  return publications.filter((p) => p !== undefined).map((p) => ({ weekId: p.weekId, priorities: p.digest.priorities }));
}
