/**
 * The theme finder as it was before #29 (commit fcbe93b), kept only so that `npm run bench` can
 * measure the old algorithm beside the new one. Not used by the bot.
 *
 * Themes of open-text answers: key phrases (noun phrases, as lemmas) found by a language
 * library, grouped by the noun they are about, counted by the
 * answers that mention them, and mapped to a draft priority: the one most of those answers
 * chose, or else the one whose own words the theme shares most. Then at most a few short
 * quotes, one per leading theme, from polls that allow quoting, never with a name in them.
 * A theme needs K answers; the phrases that name it need K answers from polls that allow
 * quoting, or the theme is named by its noun's lemma alone.
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

/** How the domain reads a text: a language library gives it, through the TextAnalyser port. */
export type AnalyseText = (text: string) => TextAnalysis;

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

/** Quote candidates kept for each theme while answers stream in: those touching most themes, then the shortest. */
const CANDIDATES_PER_HEAD = 12;

interface Candidate {
  readonly index: number;
  readonly text: string;
  readonly heads: ReadonlySet<string>;
}

interface Group {
  answers: number;
  keys: Map<string, { count: number; surfaces: Map<string, number> }>;
  chosen: Map<string, number>;
  lemmas: Map<string, number>;
  candidates: Candidate[];
}

/**
 * Finds themes one answer at a time, so a week's open answers are analysed as they are read
 * (between pages of the store, never in one long block) and never held all at once.
 */
export class ThemeFinder {
  private readonly groups = new Map<string, Group>();
  private readonly echoed = new Map<string, number>();
  private index = 0;

  constructor(
    private readonly analyse: AnalyseText,
    private readonly priorities: readonly { readonly id: string; readonly lemmas: ReadonlySet<string> }[],
    private readonly k: number,
  ) {}

  get answers(): number {
    return this.index;
  }

  /** Per priority, the answers that echo it (chose it, or share its words most: echoOf). */
  get echoes(): ReadonlyMap<string, number> {
    return this.echoed;
  }

  add(answer: OpenAnswer): void {
    const i = this.index++;
    const analysis = this.analyse(answer.text);
    const echo = echoOf(analysis.lemmas, answer.priorityId, this.priorities);
    if (echo) this.echoed.set(echo, (this.echoed.get(echo) ?? 0) + 1);
    const seen = new Set<string>();
    const counted = new Set<string>();
    for (const phrase of analysis.phrases) {
      let group = this.groups.get(phrase.head);
      if (!group) {
        group = { answers: 0, keys: new Map(), chosen: new Map(), lemmas: new Map(), candidates: [] };
        this.groups.set(phrase.head, group);
      }
      // People's own words name a theme only from polls that allow quoting (and only once K
      // answers used them: see result). Other answers count towards the theme, not its words.
      // A phrase also counts for its endings ("long waiting lists" for "waiting lists"), once per answer.
      if (answer.quotable) {
        for (const [key, text] of endings(phrase)) {
          if (counted.has(key)) continue;
          counted.add(key);
          const entry = group.keys.get(key) ?? { count: 0, surfaces: new Map<string, number>() };
          entry.count += 1;
          entry.surfaces.set(text, (entry.surfaces.get(text) ?? 0) + 1);
          group.keys.set(key, entry);
        }
      }
      if (seen.has(phrase.head)) continue;
      seen.add(phrase.head);
      group.answers += 1;
      if (answer.priorityId) group.chosen.set(answer.priorityId, (group.chosen.get(answer.priorityId) ?? 0) + 1);
      for (const lemma of analysis.lemmas) group.lemmas.set(lemma, (group.lemmas.get(lemma) ?? 0) + 1);
    }
    const text = answer.text.trim().replace(/\s+/g, ' ');
    if (answer.quotable && analysis.quotable && text.length >= QUOTE_MIN && text.length <= QUOTE_MAX && seen.size > 0) {
      const candidate: Candidate = { index: i, text, heads: seen };
      for (const head of seen) {
        const list = this.groups.get(head)!.candidates;
        list.push(candidate);
        if (list.length > CANDIDATES_PER_HEAD) {
          list.sort(byPromise);
          list.pop();
        }
      }
    }
  }

  result(): ThemeSummary {
    const ranked = [...this.groups.entries()].sort((a, b) => b[1].answers - a[1].answers || a[0].localeCompare(b[0]));
    const big = ranked.filter(([, g]) => g.answers >= this.k).slice(0, MAX_THEMES);
    const themes: Theme[] = big.map(([head, g]) => {
      // A phrase is shown only when K answers from quotable polls used it; its words as most of them wrote it, if K did, else its lemmas.
      const keys = [...g.keys.entries()]
        .filter(([, entry]) => entry.count >= this.k)
        .sort((a, b) => b[1].count - a[1].count || a[0].length - b[0].length || a[0].localeCompare(b[0]));
      const surface = ([key, entry]: (typeof keys)[number]) => {
        const [text, uses] = [...entry.surfaces.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
        return uses >= this.k ? text : key;
      };
      const priorityId = priorityOf(g, this.priorities);
      // A phrase of several words names a theme better than its noun alone, if it is nearly as common.
      const top = keys[0];
      const named = top ? (keys.find(([key, entry]) => key.includes(' ') && entry.count * 2 >= top[1].count) ?? top) : undefined;
      return {
        label: named ? surface(named) : head,
        answers: g.answers,
        ...(priorityId ? { priorityId } : {}),
        phrases: keys
          .filter((entry) => entry !== named)
          .slice(0, 3)
          .map(surface),
      };
    });

    // One quote for each leading theme: the shortest quotable answer that mentions it and most
    // of the other leading themes, never the same answer twice.
    const leading = big.map(([head]) => head);
    const used = new Set<number>();
    const quotes: string[] = [];
    for (const [head, group] of big) {
      if (quotes.length >= MAX_QUOTES) break;
      const best = group.candidates
        .filter((q) => q.heads.has(head) && !used.has(q.index))
        .sort((a, b) => overlap(b.heads, leading) - overlap(a.heads, leading) || a.text.length - b.text.length || a.index - b.index)[0];
      if (!best) continue;
      used.add(best.index);
      quotes.push(best.text);
    }
    return { themes, hidden: ranked.length - themes.length, quotes };
  }
}

/** A phrase and its shorter endings, as [key, text] pairs: the text's endings only where its words line up with the key's. */
function endings(phrase: KeyPhrase): [string, string][] {
  const keyWords = phrase.key.split(' ');
  const textWords = phrase.text.split(' ');
  const out: [string, string][] = [];
  for (let i = 0; i < keyWords.length; i++) {
    const key = keyWords.slice(i).join(' ');
    const text = textWords.length === keyWords.length ? textWords.slice(i).join(' ') : i === 0 ? phrase.text : key;
    out.push([key, text]);
  }
  return out;
}

/** Candidates that touch more themes, then shorter ones, first. */
function byPromise(a: Candidate, b: Candidate): number {
  return b.heads.size - a.heads.size || a.text.length - b.text.length || a.index - b.index;
}

export function findThemes(
  answers: Iterable<OpenAnswer>,
  analyse: AnalyseText,
  priorities: readonly { readonly id: string; readonly lemmas: ReadonlySet<string> }[],
  k: number,
): ThemeSummary {
  const finder = new ThemeFinder(analyse, priorities, k);
  for (const answer of answers) finder.add(answer);
  return finder.result();
}

function overlap(heads: ReadonlySet<string>, leading: readonly string[]): number {
  return leading.filter((h) => heads.has(h)).length;
}

function priorityOf(
  group: { answers: number; chosen: Map<string, number>; lemmas: Map<string, number> },
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
  return best && best.score * 4 >= group.answers ? best.id : undefined;
}

/**
 * Which priority an open answer echoes: the one the person chose, or else the one whose own
 * words (title and description, as lemmas from the same analyser the themes use) the answer
 * shares most, if it shares any and no other priority shares as many.
 */
export function echoOf(
  answerLemmas: readonly string[],
  chosen: string | undefined,
  priorities: readonly { readonly id: string; readonly lemmas: ReadonlySet<string> }[],
): string | undefined {
  if (chosen) return chosen;
  const words = new Set(answerLemmas);
  let best: { id: string; score: number } | undefined;
  let tie = false;
  for (const priority of priorities) {
    let score = 0;
    for (const lemma of words) if (priority.lemmas.has(lemma)) score++;
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { id: priority.id, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best && !tie ? best.id : undefined;
}
