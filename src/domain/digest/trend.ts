import type { Mover, PrioritySupport, PriorityTrend, WeekSupport } from './model';
import { type DigestWeek, previousWeek } from './week';

/**
 * The priorities week by week. Each week's support is the one its digest published (stored
 * with the publication, frozen, suppression included): a week shows what was shown then, and a
 * suppressed week is a gap, never a figure worked out later.
 */

/** Weeks a digest's chart covers, this week included. */
export const TREND_WEEKS = 8;
/** Priorities drawn in the digest's chart: the leading ones this week. */
export const TREND_LEADING = 4;

/** The `count` weeks up to and including `last`, oldest first. */
export function weeksEndingAt(last: DigestWeek, count: number): string[] {
  const ids: string[] = [];
  for (let week = last, i = 0; i < count; i++, week = previousWeek(week)) ids.unshift(week.id);
  return ids;
}

/** Each week's shown support for one priority, null where there is none. */
export function pointsOf(priorityId: string, weeks: readonly string[], history: ReadonlyMap<string, readonly PrioritySupport[]>): (number | null)[] {
  return weeks.map((id) => {
    const cell = history.get(id)?.find((p) => p.id === priorityId)?.support;
    return cell && 'value' in cell ? cell.value : null;
  });
}

export function priorityTrend(week: DigestWeek, current: readonly PrioritySupport[], past: readonly WeekSupport[]): PriorityTrend {
  const weeks = weeksEndingAt(week, TREND_WEEKS);
  const history = new Map<string, readonly PrioritySupport[]>(past.filter((w) => w.weekId < week.id).map((w) => [w.weekId, w.priorities]));
  history.set(week.id, current);
  const leading = current.filter((p) => 'value' in p.support).slice(0, TREND_LEADING);
  const series = leading.map((p) => ({ id: p.id, title: p.title, points: pointsOf(p.id, weeks, history) }));
  const movers: Mover[] = [];
  for (const priority of current) {
    if (!('value' in priority.support)) continue;
    const points = pointsOf(priority.id, weeks, history);
    // The latest earlier week that showed a figure for it.
    let before = points.length - 2;
    while (before >= 0 && points[before] === null) before--;
    if (before < 0) continue;
    const from = points[before]!;
    const change = priority.support.value - from;
    if (change !== 0) movers.push({ id: priority.id, title: priority.title, from, to: priority.support.value, change, sinceWeekId: weeks[before]! });
  }
  movers.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.title.localeCompare(b.title));
  return { weeks, series, movers: movers.slice(0, 2) };
}
