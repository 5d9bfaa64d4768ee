/**
 * Themes of open-text answers: key phrases (noun phrases, as lemmas) found by a language
 * library behind the TextAnalyser port, grouped by the noun they are about, counted by the
 * answers that mention them, and mapped to a draft priority: the one most of those answers
 * chose, or else the one whose own words the theme shares most. Then at most a few short
 * quotes, one per leading theme, from polls that allow quoting, never with a name in them.
 */

export interface KeyPhrase {
  /** The phrase's lemmas, joined by spaces ("staff shortage"): what groups and counts. */
  readonly key: string;
  /** The words as written, lower-cased ("staff shortages"). */
  readonly text: string;
  /** The lemma of its last noun ("shortage"): the theme it belongs to. */
  readonly head: string;
}

export interface TextAnalysis {
  readonly phrases: readonly KeyPhrase[];
  /** Content words (nouns, verbs, adjectives) as lemmas, for matching themes to priorities. */
  readonly lemmas: readonly string[];
  /** No name, email, link, mention, number or hashtag in it: it may be quoted. */
  readonly quotable: boolean;
}

/** The port a language library implements (src/adapters/nlp). */
export interface TextAnalyser {
  analyse(text: string): TextAnalysis;
}

export interface OpenAnswer {
  readonly text: string;
  readonly priorityId?: string;
  /** From a poll whose author allowed short quotes in the digest. */
  readonly quotable: boolean;
}

export interface Theme {
  readonly label: string;
  /** How many answers mention it. */
  readonly answers: number;
  readonly priorityId?: string;
  /** Other phrases grouped into it, most frequent first. */
  readonly phrases: readonly string[];
}

export interface ThemeSummary {
  /** Themes from K or more answers, most mentioned first. */
  readonly themes: readonly Theme[];
  /** Themes from fewer than K answers: counted, not shown. */
  readonly hidden: number;
  readonly quotes: readonly string[];
}

export const MAX_THEMES = 8;
export const MAX_QUOTES = 3;
const QUOTE_MIN = 20;
const QUOTE_MAX = 200;

export function findThemes(
  answers: Iterable<OpenAnswer>,
  analyser: TextAnalyser,
  priorities: readonly { readonly id: string; readonly lemmas: ReadonlySet<string> }[],
  k: number,
): ThemeSummary {
  interface Group {
    answers: Set<number>;
    keys: Map<string, { count: number; surfaces: Map<string, number> }>;
    chosen: Map<string, number>;
    lemmas: Map<string, number>;
  }
  const groups = new Map<string, Group>();
  const quotable: { index: number; text: string; heads: Set<string> }[] = [];
  let index = 0;
  for (const answer of answers) {
    const i = index++;
    const analysis = analyser.analyse(answer.text);
    const heads = new Set<string>();
    for (const phrase of analysis.phrases) {
      let group = groups.get(phrase.head);
      if (!group) groups.set(phrase.head, (group = { answers: new Set(), keys: new Map(), chosen: new Map(), lemmas: new Map() }));
      const first = !group.answers.has(i);
      group.answers.add(i);
      const entry = group.keys.get(phrase.key) ?? { count: 0, surfaces: new Map<string, number>() };
      entry.count += 1;
      entry.surfaces.set(phrase.text, (entry.surfaces.get(phrase.text) ?? 0) + 1);
      group.keys.set(phrase.key, entry);
      if (first) {
        heads.add(phrase.head);
        if (answer.priorityId) group.chosen.set(answer.priorityId, (group.chosen.get(answer.priorityId) ?? 0) + 1);
        for (const lemma of analysis.lemmas) group.lemmas.set(lemma, (group.lemmas.get(lemma) ?? 0) + 1);
      }
    }
    const length = answer.text.trim().length;
    if (answer.quotable && analysis.quotable && length >= QUOTE_MIN && length <= QUOTE_MAX && heads.size > 0) {
      quotable.push({ index: i, text: answer.text.trim().replace(/\s+/g, ' '), heads });
    }
  }

  const ranked = [...groups.entries()].sort((a, b) => b[1].answers.size - a[1].answers.size || a[0].localeCompare(b[0]));
  const big = ranked.filter(([, g]) => g.answers.size >= k);
  const themes: Theme[] = big.slice(0, MAX_THEMES).map(([, g]) => {
    const keys = [...g.keys.entries()].sort((a, b) => b[1].count - a[1].count || a[0].length - b[0].length || a[0].localeCompare(b[0]));
    const surface = (entry: { surfaces: Map<string, number> }) =>
      [...entry.surfaces.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const priorityId = priorityOf(g, priorities);
    // A phrase of several words names a theme better than its noun alone, if it is nearly as common.
    const top = keys[0]!;
    const named = keys.find(([key, entry]) => key.includes(' ') && entry.count * 2 >= top[1].count) ?? top;
    return {
      label: surface(named[1]),
      answers: g.answers.size,
      ...(priorityId ? { priorityId } : {}),
      phrases: keys.filter((entry) => entry !== named).slice(0, 3).map(([, entry]) => surface(entry)),
    };
  });

  // One quote for each leading theme: the shortest quotable answer that mentions it and most
  // of the other leading themes, never the same answer twice.
  const leading = big.slice(0, MAX_THEMES).map(([head]) => head);
  const used = new Set<number>();
  const quotes: string[] = [];
  for (const head of leading) {
    if (quotes.length >= MAX_QUOTES) break;
    const best = quotable
      .filter((q) => q.heads.has(head) && !used.has(q.index))
      .sort((a, b) => overlap(b.heads, leading) - overlap(a.heads, leading) || a.text.length - b.text.length || a.index - b.index)[0];
    if (!best) continue;
    used.add(best.index);
    quotes.push(best.text);
  }
  return { themes, hidden: ranked.length - themes.length, quotes };
}

function overlap(heads: ReadonlySet<string>, leading: readonly string[]): number {
  return leading.filter((h) => heads.has(h)).length;
}

function priorityOf(
  group: { answers: Set<number>; chosen: Map<string, number>; lemmas: Map<string, number> },
  priorities: readonly { readonly id: string; readonly lemmas: ReadonlySet<string> }[],
): string | undefined {
  const chosen = [...group.chosen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const withChoice = [...group.chosen.values()].reduce((a, b) => a + b, 0);
  if (chosen && chosen[1] * 2 > withChoice) return chosen[0];
  let best: { id: string; score: number } | undefined;
  for (const priority of priorities) {
    let score = 0;
    for (const [lemma, count] of group.lemmas) if (priority.lemmas.has(lemma)) score += count;
    if (score > 0 && (!best || score > best.score)) best = { id: priority.id, score };
  }
  return best && best.score * 4 >= group.answers.size ? best.id : undefined;
}
