/**
 * Small numbers. A figure from 1 to K−1 people is not shown (K is MIN_RESPONDENTS: 5 by
 * default, never below 3, as Viva Glint and Lattice do): it is marked suppressed, never
 * written as "<5". A cell with nobody in it protects no one, and is shown as 0. When the
 * cells of a breakdown add up to a total that is shown, hiding one cell is not enough (it is
 * the total less the others), so more cells are hidden, smallest first, until what is hidden
 * cannot be worked out: hidden cells that together hold nobody, or K people or more. A hidden
 * cell says why: too few people in it, or hidden so that another cannot be worked out.
 */

/** Why a figure is hidden: fewer than K people (`small`, the default), or it would give another hidden figure away (`derivable`). */
export type SuppressionReason = 'small' | 'derivable';

export type Cell = { readonly value: number } | { readonly suppressed: true; readonly reason?: SuppressionReason };

/** Hidden: from fewer than K people. */
export const SUPPRESSED: Cell = Object.freeze({ suppressed: true as const });

/** Hidden so that another hidden figure cannot be worked out from it. */
export const WITHHELD: Cell = Object.freeze({ suppressed: true as const, reason: 'derivable' as const });

/** Why a hidden cell is hidden (a cell published before reasons were kept says `small`). */
export const reasonOf = (cell: Cell): SuppressionReason | undefined => ('value' in cell ? undefined : (cell.reason ?? 'small'));

/** A hidden cell for that reason. */
export const hiddenCell = (reason: SuppressionReason): Cell => (reason === 'derivable' ? WITHHELD : SUPPRESSED);

export const shown = (cell: Cell): cell is { readonly value: number } => 'value' in cell;

export const cellOf = (value: number, people: number, k: number): Cell => (people >= k ? { value } : SUPPRESSED);

/**
 * Which groups of a breakdown may be shown beside a total the reader also sees. `sizes` are
 * the groups' sizes (each already K or more); the total less the shown groups is what the
 * reader can work out about everyone else, so it must be nothing or K people or more: the
 * smallest shown groups are withdrawn until it is. (K=5, a total of 26 from groups of 10, 10,
 * 5 and 1: showing 10, 10 and 5 leaves one person, whose answer is then the total less the
 * three; withdrawing the 5 leaves six.)
 */
export function showableGroups(sizes: readonly number[], total: number, k: number): boolean[] {
  const shownSet = sizes.map((n) => n >= k);
  const rest = () => total - sizes.reduce((sum, n, i) => sum + (shownSet[i] ? n : 0), 0);
  while (rest() > 0 && rest() < k) {
    let next = -1;
    for (let i = 0; i < sizes.length; i++) {
      if (shownSet[i] && (next === -1 || sizes[i]! < sizes[next]!)) next = i;
    }
    if (next === -1) break;
    shownSet[next] = false;
  }
  return shownSet;
}

/**
 * Which cells of a breakdown to hide, and why: false where shown. `people` is how many people
 * each cell is from; `partitionOfShownTotal` says the cells add up to a total the reader can
 * see (each person in exactly one cell), so that secondary suppression applies. Empty cells
 * are never hidden and never hidden for another's sake: a 0 protects no one, and hiding one
 * hides nothing. Secondary suppression is needed only while the hidden cells together hold 1
 * to K−1 people (one hidden cell of 1 to K−1 among them), since the total less the shown
 * cells gives their sum.
 */
export function suppressedCells(people: readonly number[], k: number, partitionOfShownTotal: boolean): (false | SuppressionReason)[] {
  const hidden: (false | SuppressionReason)[] = people.map((n) => (n > 0 && n < k ? 'small' : false));
  if (!partitionOfShownTotal) return hidden;
  const hiddenSum = () => people.reduce((sum, n, i) => sum + (hidden[i] ? n : 0), 0);
  while (hiddenSum() > 0 && hiddenSum() < k) {
    let next = -1;
    for (let i = 0; i < people.length; i++) {
      if (!hidden[i] && people[i]! > 0 && (next === -1 || people[i]! < people[next]!)) next = i;
    }
    if (next === -1) break; // every cell with anyone in it is hidden
    hidden[next] = 'derivable';
  }
  return hidden;
}
