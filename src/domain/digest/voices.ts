import type { Catalog } from '../catalog';
import { cellOf, SUPPRESSED } from '../suppression';
import type { BackingBySource, PrioritySupport, Voices } from './model';

/**
 * AHPs beside citizens. The engagement page heard some priorities from citizens and some from
 * AHPs (content/priorities.json, `raisedBy`). This says how strongly AHPs in Teams back each
 * set, and which of the published priorities this week's open answers echo most, and which
 * they are silent on.
 */

/**
 * `echoes` counts open answers per priority. A priority raised by both is in both sets.
 */
export function voicesOf(
  priorities: readonly PrioritySupport[],
  echoes: ReadonlyMap<string, number>,
  catalog: Catalog,
  k: number,
  openAnswersShown: boolean,
): Voices {
  const backing = (['citizens', 'ahps'] as const).map((source): BackingBySource => {
    const raised = catalog.priorities.filter((p) => p.raisedBy.includes(source));
    const values = raised.map((p) => priorities.find((x) => x.id === p.id)?.support).filter((c): c is { value: number } => c !== undefined && 'value' in c);
    return {
      raisedBy: source,
      support: values.length > 0 ? { value: Math.round(values.reduce((sum, c) => sum + c.value, 0) / values.length) } : SUPPRESSED,
      shown: values.length,
      raised: raised.length,
    };
  });
  if (!openAnswersShown) return { backing, echoedMost: [], silentOn: [] };
  const echoes_ = catalog.priorities.map((p) => ({ id: p.id, title: p.title, raisedBy: p.raisedBy, n: echoes.get(p.id) ?? 0 }));
  const echoedMost = echoes_
    .filter((e) => e.n >= k)
    .sort((a, b) => b.n - a.n || a.title.localeCompare(b.title))
    .slice(0, 3)
    .map((e) => ({ id: e.id, title: e.title, raisedBy: e.raisedBy, answers: cellOf(e.n, e.n, k) }));
  const silentOn = echoes_.filter((e) => e.n < k).map((e) => ({ id: e.id, title: e.title }));
  return { backing, echoedMost, silentOn };
}
