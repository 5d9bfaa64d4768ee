import type { AnswerValue } from './answer';
import { AGREEMENT_LEVELS, type Poll, RANK_PLACES, RATING_MAX } from './poll';
import type { CountRow, PollResults } from './result-rows';

/**
 * A poll's results from its responses: pure counting, the same for every store and every
 * view (the shared card, a person's view, the digest).
 */

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((100 * count) / of));

/**
 * Counts answers one at a time, so a week's digest can stream a million responses through
 * the same rules as a card's results without holding them all.
 */
export class Tally {
  private respondents = 0;
  private readonly counts = new Map<string, number>();
  private readonly ratings = new Map<string, { sum: number; n: number; counts: number[] }>();
  private readonly ranks = new Map<string, { points: number; firstPlaces: number; rankedBy: number }>();

  constructor(
    private readonly poll: Pick<Poll, 'kind' | 'options'>,
    private readonly priorityLabels: ReadonlyMap<string, string> = new Map(),
  ) {
    if (poll.kind === 'single' || poll.kind === 'multi') for (const o of poll.options) this.counts.set(o.id, 0);
    if (poll.kind === 'agreement') for (const l of AGREEMENT_LEVELS) this.counts.set(l.id, 0);
    if (poll.kind === 'rating') for (const o of poll.options) this.ratings.set(o.id, { sum: 0, n: 0, counts: Array.from({ length: RATING_MAX }, () => 0) });
    if (poll.kind === 'rank') for (const o of poll.options) this.ranks.set(o.id, { points: 0, firstPlaces: 0, rankedBy: 0 });
  }

  get size(): number {
    return this.respondents;
  }

  /** One answer, or `times` people who gave the same answer. */
  add(v: AnswerValue, times = 1): void {
    this.respondents += times;
    const bump = (id: string) => this.counts.set(id, (this.counts.get(id) ?? 0) + times);
    switch (this.poll.kind) {
      case 'single':
      case 'multi': {
        const picks = v.kind === 'single' ? [v.optionId] : v.kind === 'multi' ? v.optionIds : [];
        for (const id of picks) if (this.counts.has(id)) bump(id);
        return;
      }
      case 'agreement':
        if (v.kind === 'agreement' && this.counts.has(v.level)) bump(v.level);
        return;
      case 'rating':
        if (v.kind !== 'rating') return;
        for (const [id, row] of this.ratings) {
          const r = v.ratings[id];
          if (r === undefined) continue;
          row.counts[r - 1]! += times;
          row.sum += r * times;
          row.n += times;
        }
        return;
      case 'rank':
        if (v.kind !== 'rank') return;
        v.ranked.forEach((id, place) => {
          const row = this.ranks.get(id);
          if (!row) return;
          row.points += (RANK_PLACES - place) * times;
          row.rankedBy += times;
          if (place === 0) row.firstPlaces += times;
        });
        return;
      case 'open':
        if (v.kind === 'open') bump(v.priorityId ?? '');
        return;
    }
  }

  /** How many people gave each rating option a rating, or ranked each rank option (for small-number rules). */
  answeredBy(optionId: string): number {
    return this.ratings.get(optionId)?.n ?? this.ranks.get(optionId)?.rankedBy ?? this.counts.get(optionId) ?? 0;
  }

  result(): PollResults {
    const respondents = this.respondents;
    const row = (id: string, label: string): CountRow => {
      const count = this.counts.get(id) ?? 0;
      return { id, label, count, percent: percent(count, respondents) };
    };
    switch (this.poll.kind) {
      case 'single':
      case 'multi':
        return { kind: 'counts', respondents, rows: this.poll.options.map((o) => row(o.id, o.label)) };
      case 'agreement':
        return { kind: 'counts', respondents, rows: AGREEMENT_LEVELS.map((l) => row(l.id, l.label)) };
      case 'rating': {
        const rows = this.poll.options.map((o) => {
          const r = this.ratings.get(o.id)!;
          return { id: o.id, label: o.label, mean: r.n === 0 ? 0 : Math.round((r.sum / r.n) * 10) / 10, counts: [...r.counts] };
        });
        return { kind: 'rating', respondents, rows: rows.sort((a, b) => b.mean - a.mean || a.label.localeCompare(b.label)) };
      }
      case 'rank': {
        const rows = this.poll.options.map((o) => {
          const { points, firstPlaces } = this.ranks.get(o.id)!;
          return { id: o.id, label: o.label, points, firstPlaces };
        });
        return { kind: 'rank', respondents, rows: rows.sort((a, b) => b.points - a.points || b.firstPlaces - a.firstPlaces || a.label.localeCompare(b.label)) };
      }
      case 'open': {
        const rows = [...this.counts.keys()]
          .map((id) => row(id, id ? (this.priorityLabels.get(id) ?? id) : 'No priority chosen'))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
        return { kind: 'open', respondents, rows };
      }
    }
  }
}

export function tally(poll: Poll, answers: Iterable<AnswerValue>, priorityLabels: ReadonlyMap<string, string> = new Map()): PollResults {
  const t = new Tally(poll, priorityLabels);
  for (const value of answers) t.add(value);
  return t.result();
}
