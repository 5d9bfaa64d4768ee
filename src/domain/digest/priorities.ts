import type { AnswerValue } from '../answer';
import type { Catalog } from '../catalog';
import { RATING_MAX, RATING_MIN } from '../poll';
import { type Cell, SUPPRESSED, WITHHELD } from '../suppression';
import type { DigestPoll, PollState, PrioritySupport } from './model';

/**
 * Support for each draft priority, over every poll that asked about it, from the figures the
 * digest shows only (a hidden cell never feeds a figure that would give it away).
 */
export function prioritySupport(
  states: readonly PollState[],
  figures: ReadonlyMap<string, DigestPoll>,
  catalog: Catalog,
  k: number,
  /** Told each poll and priority whose figures went into the support (for the reweighted figure). */
  counted: (pollId: string, priorityId: string) => void = () => undefined,
): PrioritySupport[] {
  const sums = new Map<string, { weighted: number; weight: number; polls: number }>();
  const asked = new Map<string, number>();
  /** Priorities asked about by K or more in a poll whose figure for them rests on a hidden cell. */
  const withheld = new Set<string>();
  const add = (id: string, share: number, weight: number) => {
    const s = sums.get(id) ?? { weighted: 0, weight: 0, polls: 0 };
    s.weighted += share * weight;
    s.weight += weight;
    s.polls += 1;
    sums.set(id, s);
  };
  for (const { poll, tally } of states) {
    for (const id of poll.priorityIds) asked.set(id, (asked.get(id) ?? 0) + 1);
    const n = tally.size;
    const rows = figures.get(poll.id)?.rows ?? [];
    const value = (id: string): number | undefined => {
      const cell = rows.find((r) => r.id === id)?.value;
      return cell && 'value' in cell ? cell.value : undefined;
    };
    if (n < k || rows.length === 0) continue;
    if (poll.kind === 'agreement') {
      // A statement in its author's own words, about no priority, counts towards none.
      if (poll.priorityIds[0] === undefined) continue;
      const strongly = value('strongly-agree');
      const agreeing = value('agree');
      if (strongly !== undefined && agreeing !== undefined) {
        add(poll.priorityIds[0]!, (strongly + agreeing) / n, n);
        counted(poll.id, poll.priorityIds[0]!);
      } else withheld.add(poll.priorityIds[0]!);
      continue;
    }
    for (const id of poll.priorityIds) {
      const shown = value(id);
      if (shown === undefined) {
        // A choice poll's row is hidden only for few people or to protect another row; either way, from a poll of K or more, it would give a row away.
        if (poll.kind === 'single' || poll.kind === 'multi') withheld.add(id);
        continue;
      }
      counted(poll.id, id);
      if (poll.kind === 'rating') add(id, (shown - RATING_MIN) / (RATING_MAX - RATING_MIN), tally.answeredBy(id));
      else if (poll.kind === 'rank') add(id, tally.answeredBy(id) / n, n);
      else add(id, shown / n, n);
    }
  }
  return catalog.priorities
    .map((p) => {
      const s = sums.get(p.id);
      const support: Cell = s && s.weight >= k ? { value: Math.round((100 * s.weighted) / s.weight) } : withheld.has(p.id) ? WITHHELD : SUPPRESSED;
      return { id: p.id, title: p.title, support, polls: s?.polls ?? 0, asked: asked.get(p.id) ?? 0 };
    })
    .sort((a, b) => ('value' in b.support ? b.support.value : -1) - ('value' in a.support ? a.support.value : -1) || a.title.localeCompare(b.title));
}

/**
 * One answer's share in the support measure above, per priority its poll asks about: `x` from
 * 0 to 1 (agreed; picked it; ranked it; its rating scaled), over `c` answers (a rating poll
 * counts only the answers that rated it). Summed over answers and divided, it is the support.
 */
export function supportMeasures(poll: PollState['poll'], value: AnswerValue, add: (priorityId: string, x: number) => void): void {
  // A callback, not a list: the digest calls this for every one of a week's responses.
  switch (value.kind) {
    case 'agreement':
      if (poll.kind === 'agreement' && poll.priorityIds[0]) add(poll.priorityIds[0], value.level === 'agree' || value.level === 'strongly-agree' ? 1 : 0);
      return;
    case 'single':
      for (const id of poll.priorityIds) add(id, value.optionId === id ? 1 : 0);
      return;
    case 'multi':
      for (const id of poll.priorityIds) add(id, value.optionIds.includes(id) ? 1 : 0);
      return;
    case 'rank':
      for (const id of poll.priorityIds) add(id, value.ranked.includes(id) ? 1 : 0);
      return;
    case 'rating':
      for (const id of poll.priorityIds) {
        const rating = value.ratings[id];
        if (rating !== undefined) add(id, (rating - RATING_MIN) / (RATING_MAX - RATING_MIN));
      }
      return;
    case 'open':
      return;
  }
}
