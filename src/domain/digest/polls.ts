import { cellOf, hiddenCell, SUPPRESSED, suppressedCells } from '../suppression';
import type { DigestPoll, PollState } from './model';

/** One poll's figures: cells under K (and cells that would give one away) suppressed. */
export function pollFigures({ poll, tally, submissions, final }: PollState, k: number): DigestPoll {
  const n = tally.size;
  const results = tally.result();
  const base = {
    id: poll.id,
    question: poll.question,
    kind: poll.kind,
    status: final ? ('closed' as const) : ('open' as const),
    closesAt: poll.closedAt ?? poll.closesAt,
    responses: cellOf(submissions, n, k),
    respondents: cellOf(n, n, k),
  };
  if (!final) return { ...base, responses: SUPPRESSED, respondents: SUPPRESSED, measure: 'people', rows: [] };
  if (n < k) return { ...base, measure: results.kind === 'rating' ? 'mean rating' : results.kind === 'rank' ? 'points' : 'people', rows: [] };
  switch (results.kind) {
    case 'counts':
    case 'open': {
      // Single choice, agreement and open answers put each person in one row: a total that is shown.
      const partition = poll.kind !== 'multi';
      const hidden = suppressedCells(
        results.rows.map((r) => r.count),
        k,
        partition,
      );
      return {
        ...base,
        measure: 'people',
        rows: results.rows.map((r, i) => {
          const why = hidden[i];
          return why
            ? { id: r.id, label: r.label, value: hiddenCell(why), percent: hiddenCell(why) }
            : { id: r.id, label: r.label, value: { value: r.count }, percent: { value: r.percent } };
        }),
      };
    }
    case 'rating':
      return {
        ...base,
        measure: 'mean rating',
        rows: results.rows.map((r) => ({ id: r.id, label: r.label, value: cellOf(r.mean, tally.answeredBy(r.id), k) })),
      };
    case 'rank':
      return {
        ...base,
        measure: 'points',
        rows: results.rows.map((r) => ({ id: r.id, label: r.label, value: cellOf(r.points, tally.answeredBy(r.id), k) })),
      };
  }
}
