import { type Catalog, groupOf } from '../catalog';
import { type Cell, reasonOf, SUPPRESSED, WITHHELD } from '../suppression';
import {
  NOT_STATED,
  type Participation,
  type PrioritySupport,
  type Representation,
  type RepresentationRow,
  type ReweightedPriority,
  type Reweighting,
  type SupportSums,
} from './model';

/**
 * Who we are not hearing from, and what the priorities look like when every profession counts
 * as much as it is of the workforce.
 *
 * Representation: each workforce group's share of this week's respondents against its share
 * of the workforce (content/workforce.json). A group's count is shown only when the
 * participation section shows every profession in it, so nothing hidden there can be worked
 * out here; shares are of the people who gave a profession when the number who did not is
 * shown, else of everyone.
 *
 * Reweighting (post-stratification): each answer is weighted by its group's share of the
 * workforce over its share of the week's respondents (people who gave a profession). Groups
 * with fewer than K respondents, or with a profession whose count the participation section
 * hides (so that it cannot be worked out), are pooled into one stratum (weight: their workforce shares
 * together); if the pool is still under K, its answers are left out and the other weights
 * scaled to make up the whole. Support is then the weighted form of the digest's own measure
 * (the same polls, the same figures), with Kish's effective sample size, (Σw)² / Σw²: a
 * priority's reweighted support is shown only when its raw support is and that size is K or more.
 */

const round1 = (v: number) => Math.round(v * 10) / 10;

export function representationOf(participation: Participation, catalog: Catalog, k: number): Representation {
  const { workforce } = catalog;
  const rowOf = new Map(participation.byProfession.map((r) => [r.id, r]));
  const notStated = rowOf.get(NOT_STATED)?.responses ?? { value: 0 };
  const total = 'value' in participation.responses ? participation.responses.value : 0;
  const base = 'value' in notStated ? 'stated' : 'everyone';
  const denominator = 'value' in notStated ? total - notStated.value : total;
  const rows = workforce.groups.map((group): RepresentationRow => {
    const workforceShare = (100 * group.count) / workforce.total;
    // A profession with no row answered in neither week: 0, as the participation section says by leaving it out.
    const cells = group.professions.map((id) => rowOf.get(id)?.responses ?? { value: 0 });
    const visible = 'value' in participation.responses && cells.every((c) => 'value' in c);
    if (!visible || denominator <= 0) {
      // Hidden for the reason its participation cells are: to protect another, or too few.
      const hidden: Cell = 'value' in participation.responses && cells.some((c) => reasonOf(c) === 'derivable') ? WITHHELD : SUPPRESSED;
      return { id: group.id, title: group.title, workforceShare: round1(workforceShare), respondents: hidden, respondentShare: hidden, ratio: hidden };
    }
    const count = cells.reduce((sum, c) => sum + ('value' in c ? c.value : 0), 0);
    const share = (100 * count) / denominator;
    return {
      id: group.id,
      title: group.title,
      workforceShare: round1(workforceShare),
      respondents: { value: count },
      respondentShare: { value: round1(share) },
      ratio: { value: Math.round((100 * share) / workforceShare) / 100 },
    };
  });
  // Heard least: by ratio where shown; where hidden (fewer than K), by the most the ratio could be, (K-1)/expected.
  const ranked = rows
    .map((row) => {
      const expected = (row.workforceShare / 100) * denominator;
      if ('value' in row.ratio)
        return {
          row,
          bound: row.ratio.value,
          note: `${'value' in row.respondentShare ? row.respondentShare.value : 0}% of respondents, ${row.workforceShare}% of the workforce`,
        };
      if (denominator > 0 && expected >= k)
        return {
          row,
          bound: (k - 1) / expected,
          note: `fewer than ${k} answered; ${row.workforceShare}% of the workforce would be about ${Math.round(expected)}`,
        };
      return undefined;
    })
    .filter((r): r is NonNullable<typeof r> => r !== undefined && r.bound < 1)
    // Least heard first; of those heard equally little, the larger part of the workforce first.
    .sort((a, b) => a.bound - b.bound || b.row.workforceShare - a.row.workforceShare || a.row.title.localeCompare(b.row.title))
    .slice(0, 3);
  const sources = [...new Set(workforce.groups.map((g) => `${g.source.split(':')[0]} (as at ${g.asAt})`))];
  return { base, rows, underHeard: ranked.map(({ row, note }) => ({ id: row.id, title: row.title, note })), sources };
}

/**
 * Post-stratified support. `sums` holds, per priority, each profession's answers' measures as
 * the digest's support counts them (only the polls and figures that support shows);
 * `people` the week's respondents by profession.
 */
export function reweightedSupport(
  raw: readonly PrioritySupport[],
  sums: SupportSums,
  people: ReadonlyMap<string, number>,
  catalog: Catalog,
  k: number,
  /** The participation section as shown: a group with a profession hidden there is pooled, so its own weight cannot give that count away. */
  participation?: Participation,
): Reweighting {
  const { workforce } = catalog;
  const respondents = new Map<string, number>();
  for (const [profession, n] of people) {
    const group = groupOf(workforce, profession);
    if (group) respondents.set(group.id, (respondents.get(group.id) ?? 0) + n);
  }
  const hiddenThere = new Set((participation?.byProfession ?? []).filter((r) => !('value' in r.responses)).map((r) => r.id));
  const small = workforce.groups.filter((g) => (respondents.get(g.id) ?? 0) < k || g.professions.some((id) => hiddenThere.has(id)));
  const pooledPeople = small.reduce((sum, g) => sum + (respondents.get(g.id) ?? 0), 0);
  const poolLeftOut = small.length > 0 && pooledPeople < k;
  // Strata: each group with K or more, and the pool (when it holds K or more).
  const stratumOf = (groupId: string) => (small.some((g) => g.id === groupId) ? (poolLeftOut ? undefined : 'pool') : groupId);
  const strata = new Map<string, { workforce: number; people: number }>();
  for (const group of workforce.groups) {
    const stratum = stratumOf(group.id);
    if (!stratum) continue;
    const s = strata.get(stratum) ?? { workforce: 0, people: 0 };
    s.workforce += group.count;
    s.people += respondents.get(group.id) ?? 0;
    strata.set(stratum, s);
  }
  const workforceCounted = [...strata.values()].reduce((sum, s) => sum + s.workforce, 0);
  const peopleCounted = [...strata.values()].reduce((sum, s) => sum + s.people, 0);
  const weight = new Map<string, number>();
  for (const [id, s] of strata) weight.set(id, s.people > 0 ? (s.workforce / workforceCounted) * (peopleCounted / s.people) : 0);
  const rows = raw.map((priority): ReweightedPriority => {
    let wx = 0;
    let wc = 0;
    let w2c = 0;
    for (const [profession, { x, c }] of sums.get(priority.id) ?? []) {
      const group = groupOf(workforce, profession);
      const stratum = group ? stratumOf(group.id) : undefined;
      const w = stratum ? (weight.get(stratum) ?? 0) : 0;
      wx += w * x;
      wc += w * c;
      w2c += w * w * c;
    }
    const size = w2c > 0 ? (wc * wc) / w2c : 0;
    const shown = 'value' in priority.support && size >= k && wc > 0;
    return {
      id: priority.id,
      title: priority.title,
      raw: priority.support,
      // Hidden for the raw figure's reason where that is hidden; for too small an effective sample otherwise.
      reweighted: shown ? { value: Math.round((100 * wx) / wc) } : 'value' in priority.support ? SUPPRESSED : priority.support,
      effectiveSize: shown ? { value: Math.round(size) } : 'value' in priority.support ? SUPPRESSED : priority.support,
    };
  });
  return { rows, pooled: small.map((g) => g.title), poolLeftOut };
}
