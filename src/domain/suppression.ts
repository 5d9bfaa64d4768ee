/**
 * Small numbers. A figure from fewer than K people is not shown (K is MIN_RESPONDENTS: 5 by
 * default, never below 3, as Viva Glint and Lattice do): it is marked suppressed, never
 * written as "<5". When the cells of a breakdown add up to a total that is shown, hiding one
 * cell is not enough (it is the total less the others), so more cells are hidden, smallest
 * first, until the hidden ones cannot be worked out: at least two of them, and together from
 * K or more people.
 */

export type Cell = { readonly value: number } | { readonly suppressed: true };

export const SUPPRESSED: Cell = Object.freeze({ suppressed: true as const });

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
 * Which cells of a breakdown to hide. `people` is how many people each cell is from;
 * `partitionOfShownTotal` says the cells add up to a total the reader can see (each person
 * in exactly one cell), so that secondary suppression applies.
 */
export function suppressedCells(people: readonly number[], k: number, partitionOfShownTotal: boolean): boolean[] {
  const hidden = people.map((n) => n < k);
  if (!partitionOfShownTotal) return hidden;
  const hiddenCount = () => hidden.filter(Boolean).length;
  const hiddenSum = () => people.reduce((sum, n, i) => sum + (hidden[i] ? n : 0), 0);
  while (hiddenCount() > 0 && (hiddenCount() === 1 || hiddenSum() < k)) {
    let next = -1;
    for (let i = 0; i < people.length; i++) {
      if (!hidden[i] && (next === -1 || people[i]! < people[next]!)) next = i;
    }
    if (next === -1) break; // every cell is hidden
    hidden[next] = true;
  }
  return hidden;
}
