import type { Catalog } from '../catalog';
import { showableGroups } from '../suppression';
import { AGREE_SHARE, MAX_AGREE, MAX_DIFFER, NOT_STATED, type PollState, type Statement } from './model';

/**
 * Agreement statements and rating items, compared across the professions with K or more
 * answers, and only so many of those that everyone else (the poll's total less the professions
 * shown) is nobody or K people or more: otherwise the few left could be worked out from the
 * poll's own figures.
 */
export function statementsOf({ poll, byProfession, tally }: PollState, catalog: Catalog, k: number): Statement[] {
  const title = (id: string) => catalog.professions.find((p) => p.id === id)?.title ?? id;
  const named = [...byProfession.entries()].filter(([id]) => id !== NOT_STATED);
  const showable = (sizeOf: (t: (typeof named)[number][1]) => number, total: number) => {
    const ok = showableGroups(
      named.map(([, t]) => sizeOf(t)),
      total,
      k,
    );
    return named.filter((_g, i) => ok[i]);
  };
  const groups = showable((t) => t.size, tally.size);
  const items: { text: string; shares: { profession: string; agree: number; disagree: number }[] }[] = [];
  if (poll.kind === 'agreement') {
    items.push({
      text: poll.question,
      shares: groups.map(([id, t]) => {
        const rows = t.result().rows as readonly { id: string; count: number }[];
        const c = (level: string) => rows.find((r) => r.id === level)?.count ?? 0;
        return { profession: title(id), agree: (c('strongly-agree') + c('agree')) / t.size, disagree: (c('disagree') + c('strongly-disagree')) / t.size };
      }),
    });
  } else if (poll.kind === 'rating') {
    for (const option of poll.options) {
      const rated = showable((t) => t.answeredBy(option.id), tally.answeredBy(option.id));
      items.push({
        text: `${option.label} is important (rated 4 or 5)`,
        shares: rated.map(([id, t]) => {
          const row = (t.result().rows as readonly { id: string; counts: readonly number[] }[]).find((r) => r.id === option.id)!;
          const n = t.answeredBy(option.id);
          return { profession: title(id), agree: (row.counts[3]! + row.counts[4]!) / n, disagree: (row.counts[0]! + row.counts[1]!) / n };
        }),
      });
    }
  }
  return items
    .filter((item) => item.shares.length >= 2)
    .map((item) => {
      const percents = item.shares.map((s) => ({ profession: s.profession, percent: Math.round(100 * s.agree) }));
      const direction = item.shares.every((s) => 100 * s.agree >= AGREE_SHARE)
        ? ('agree' as const)
        : item.shares.every((s) => 100 * s.disagree >= AGREE_SHARE)
          ? ('disagree' as const)
          : ('mixed' as const);
      const values = percents.map((p) => p.percent);
      return {
        pollId: poll.id,
        text: item.text,
        direction,
        shares: percents.sort((a, b) => b.percent - a.percent || a.profession.localeCompare(b.profession)),
        spread: Math.max(...values) - Math.min(...values),
      };
    });
}

/** The statements every profession with enough answers agrees on (or disagrees with), and those they differ on most. */
export function agreeAndDiffer(statements: readonly Statement[]): { agree: Statement[]; differ: Statement[] } {
  const agree = statements
    .filter((s) => s.direction !== 'mixed')
    .sort((a, b) => b.shares.length - a.shares.length || a.spread - b.spread)
    .slice(0, MAX_AGREE);
  const differ = statements
    .filter((s) => s.direction === 'mixed')
    .sort((a, b) => b.spread - a.spread)
    .slice(0, MAX_DIFFER);
  return { agree, differ };
}
