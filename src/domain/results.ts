import type { AnswerValue } from './answer';
import { AGREEMENT_LEVELS, type Poll, RANK_PLACES, RATING_MAX } from './poll';

/**
 * A poll's results from its responses: pure counting, the same for every store and every
 * view (the shared card, a person's view, the digest).
 */

export interface CountRow {
  readonly id: string;
  readonly label: string;
  readonly count: number;
  /** Of respondents, 0 to 100, rounded. */
  readonly percent: number;
}

export interface RatingRow {
  readonly id: string;
  readonly label: string;
  readonly mean: number;
  readonly counts: readonly number[]; // index 0 is a rating of 1
}

export interface RankRow {
  readonly id: string;
  readonly label: string;
  /** Borda points: 3 for a first place, 2 for a second, 1 for a third. */
  readonly points: number;
  readonly firstPlaces: number;
}

export type PollResults =
  | { readonly kind: 'counts'; readonly respondents: number; readonly rows: readonly CountRow[] }
  | { readonly kind: 'rating'; readonly respondents: number; readonly rows: readonly RatingRow[] }
  | { readonly kind: 'rank'; readonly respondents: number; readonly rows: readonly RankRow[] }
  | { readonly kind: 'open'; readonly respondents: number; readonly rows: readonly CountRow[] };

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((100 * count) / of));

export function tally(poll: Poll, answers: Iterable<AnswerValue>, priorityLabels: ReadonlyMap<string, string> = new Map()): PollResults {
  const values = [...answers];
  const respondents = values.length;
  switch (poll.kind) {
    case 'single':
    case 'multi': {
      const counts = new Map(poll.options.map((o) => [o.id, 0]));
      for (const v of values) {
        const picks = v.kind === 'single' ? [v.optionId] : v.kind === 'multi' ? v.optionIds : [];
        for (const id of picks) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
      }
      return {
        kind: 'counts',
        respondents,
        rows: poll.options.map((o) => ({ id: o.id, label: o.label, count: counts.get(o.id)!, percent: percent(counts.get(o.id)!, respondents) })),
      };
    }
    case 'agreement': {
      const counts = new Map<string, number>(AGREEMENT_LEVELS.map((l) => [l.id, 0]));
      for (const v of values) if (v.kind === 'agreement') counts.set(v.level, (counts.get(v.level) ?? 0) + 1);
      return {
        kind: 'counts',
        respondents,
        rows: AGREEMENT_LEVELS.map((l) => ({ id: l.id, label: l.label, count: counts.get(l.id)!, percent: percent(counts.get(l.id)!, respondents) })),
      };
    }
    case 'rating': {
      const rows = poll.options.map((o) => {
        const counts = Array.from({ length: RATING_MAX }, () => 0);
        let sum = 0;
        let n = 0;
        for (const v of values) {
          const r = v.kind === 'rating' ? v.ratings[o.id] : undefined;
          if (r === undefined) continue;
          counts[r - 1]! += 1;
          sum += r;
          n += 1;
        }
        return { id: o.id, label: o.label, mean: n === 0 ? 0 : Math.round((sum / n) * 10) / 10, counts };
      });
      return { kind: 'rating', respondents, rows: rows.sort((a, b) => b.mean - a.mean || a.label.localeCompare(b.label)) };
    }
    case 'rank': {
      const points = new Map(poll.options.map((o) => [o.id, { points: 0, firstPlaces: 0 }]));
      for (const v of values) {
        if (v.kind !== 'rank') continue;
        v.ranked.forEach((id, place) => {
          const row = points.get(id);
          if (!row) return;
          row.points += RANK_PLACES - place;
          if (place === 0) row.firstPlaces += 1;
        });
      }
      const rows = poll.options.map((o) => ({ id: o.id, label: o.label, ...points.get(o.id)! }));
      return { kind: 'rank', respondents, rows: rows.sort((a, b) => b.points - a.points || b.firstPlaces - a.firstPlaces || a.label.localeCompare(b.label)) };
    }
    case 'open': {
      const byPriority = new Map<string, number>();
      for (const v of values) {
        if (v.kind !== 'open') continue;
        const key = v.priorityId ?? '';
        byPriority.set(key, (byPriority.get(key) ?? 0) + 1);
      }
      const rows = [...byPriority.entries()]
        .map(([id, count]) => ({ id, label: id ? (priorityLabels.get(id) ?? id) : 'No priority chosen', count, percent: percent(count, respondents) }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
      return { kind: 'open', respondents, rows };
    }
  }
}
