/** How themes.ts words a theme: from the forms people wrote of a phrase, and their dictionary forms. */

/** A phrase as counted: the answers from polls that allow quoting that used it, and its forms as written. */
export interface KeyCount {
  /** Answers from polls that allow quoting that used it. */
  count: number;
  /** Its forms as written, each with its dictionary form. */
  surfaces: Map<string, { uses: number; name: string }>;
}

/**
 * How a counted phrase (one K answers used, in one form or another) reads. Its forms that differ
 * only in their endings (list, lists) share a dictionary form; of forms with different ones
 * (staff, staffing), the longer names the idea rather than the people or the thing. Then the
 * form of it most of its answers wrote.
 */
export function wording(entry: KeyCount): string {
  const byName = new Map<string, number>();
  for (const { uses, name } of entry.surfaces.values()) byName.set(name, (byName.get(name) ?? 0) + uses);
  const name = preferredName(byName);
  return [...entry.surfaces.entries()].filter(([, s]) => s.name === name).sort((a, b) => b[1].uses - a[1].uses || a[0].localeCompare(b[0]))[0]![0];
}

/** Of a phrase's dictionary forms, the longest (the derived noun: "staffing" over "staff"), then the most used. */
export function preferredName(names: ReadonlyMap<string, number>): string {
  return [...names.entries()].sort((a, b) => b[0].length - a[0].length || b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/** A phrase and its shorter endings, as [key, text, name] triples. */
export function endings(phrase: { readonly key: string; readonly text: string; readonly name: string }): [string, string, string][] {
  const keys = phrase.key.split(' ');
  const texts = phrase.text.split(' ');
  const names = phrase.name.split(' ');
  const out: [string, string, string][] = [];
  for (let i = 0; i < keys.length; i++) out.push([keys.slice(i).join(' '), texts.slice(i).join(' '), names.slice(i).join(' ')]);
  return out;
}
