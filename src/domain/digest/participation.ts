import type { Catalog } from '../catalog';
import { type Cell, cellOf, hiddenCell, reasonOf, SUPPRESSED, suppressedCells } from '../suppression';
import { NOT_STATED, type Participation } from './model';

/** How many responses each profession gave in a week (a ParticipationCounter's result). */
export interface ParticipationCount {
  readonly byProfession: ReadonlyMap<string, number>;
  readonly total: number;
}

/** Responses this week and last, overall and by profession, with the changes: suppressed as one partition each week. */
export function participationOf(current: ParticipationCount, previous: ParticipationCount, catalog: Catalog, k: number): Participation {
  const ids = [...new Set([...current.byProfession.keys(), ...previous.byProfession.keys()])].sort();
  const now = ids.map((id) => current.byProfession.get(id) ?? 0);
  const before = ids.map((id) => previous.byProfession.get(id) ?? 0);
  const hiddenNow = suppressedCells(now, k, true);
  const hiddenBefore = suppressedCells(before, k, true);
  const title = (id: string) => (id === NOT_STATED ? 'Profession not stated' : (catalog.professions.find((p) => p.id === id)?.title ?? id));
  const byProfession = ids
    .map((id, i) => {
      const hereNow = hiddenNow[i];
      const hereBefore = hiddenBefore[i];
      const responses: Cell = hereNow ? hiddenCell(hereNow) : { value: now[i]! };
      const prior: Cell = hereBefore ? hiddenCell(hereBefore) : { value: before[i]! };
      const change: Cell =
        'value' in responses && 'value' in prior ? { value: responses.value - prior.value } : hiddenCell(reasonOf(responses) ?? reasonOf(prior)!);
      return { id, title: title(id), responses, previous: prior, change };
    })
    .filter((_row, i) => now[i]! > 0 || before[i]! > 0)
    .sort((a, b) => Number(a.id === NOT_STATED) - Number(b.id === NOT_STATED) || a.title.localeCompare(b.title));
  // A week nobody answered in is 0: nobody is protected by hiding it.
  const responses = current.total === 0 ? { value: 0 } : cellOf(current.total, current.total, k);
  const prior = previous.total === 0 ? { value: 0 } : cellOf(previous.total, previous.total, k);
  return {
    responses,
    previous: prior,
    change: 'value' in responses && 'value' in prior ? { value: responses.value - prior.value } : SUPPRESSED,
    byProfession,
  };
}
