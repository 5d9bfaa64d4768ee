import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The labelled set of open answers (bench/themes/labelled-answers.json) and how a theme finder
 * is scored against it: `npm run bench` scores the finder before #29 and the current one in the
 * same run, and test/unit/theme-evaluation.test.ts holds the current one to the goals.
 */

export interface LabelledTheme {
  readonly id: string;
  readonly title: string;
  /** The draft priority a reader files the theme under. */
  readonly priority: string;
  /** The labels a reader would accept for it, lower case. */
  readonly names: readonly string[];
}

export interface LabelledAnswer {
  readonly profession: string;
  readonly text: string;
  /** Codebook theme ids, the main one first; empty for an answer about none of them. */
  readonly themes: readonly string[];
  /** The priority a reader would file it under; null where none is clearly meant. */
  readonly priority: string | null;
  /** The priority the person picked in the card, if they picked one. */
  readonly chose?: string;
}

export interface LabelledSet {
  readonly labelledBy: string;
  readonly method: string;
  readonly themes: readonly LabelledTheme[];
  readonly answers: readonly LabelledAnswer[];
}

/** What a finder shows of a theme. */
export interface FoundTheme {
  readonly label: string;
  readonly answers: number;
  readonly priorityId?: string;
}

export interface Scores {
  /** Codebook themes of K or more answers that a shown theme names: the share of them. */
  readonly recall: number;
  /** Shown themes that name a codebook theme no earlier shown theme named: the share of them. */
  readonly precision: number;
  /** Of the shown themes that name a codebook theme, the share mapped to its priority. */
  readonly mapping: number;
  /** How many codebook themes the shown themes name. */
  readonly named: number;
  /** Of every answer, the share whose echo (PriorityMatcher.echo, or the old echoOf) is the priority it was labelled with. */
  readonly answerMapping: number;
  readonly shown: readonly string[];
  readonly missed: readonly string[];
}

export const LABELLED_SET_FILE = path.resolve(__dirname, '../../../bench/themes/labelled-answers.json');

export function loadLabelledSet(file: string = LABELLED_SET_FILE): LabelledSet {
  return JSON.parse(readFileSync(file, 'utf8')) as LabelledSet;
}

/**
 * Scores what a finder showed for the whole set, read as one week's answers with K = `k`, and
 * each answer's echo. A shown theme names a codebook theme when its label, in lower case, is one
 * of that theme's names; a second shown theme naming the same one counts against precision.
 */
export function score(set: LabelledSet, shown: readonly FoundTheme[], echoes: readonly (string | undefined)[], k: number): Scores {
  const gold = set.themes.filter((t) => set.answers.filter((a) => a.themes.includes(t.id)).length >= k);
  const named = new Map<string, FoundTheme>();
  let precise = 0;
  for (const theme of shown) {
    const match = set.themes.find((t) => t.names.includes(theme.label.toLowerCase()));
    if (!match || named.has(match.id)) continue;
    named.set(match.id, theme);
    precise += 1;
  }
  const found = gold.filter((t) => named.has(t.id));
  const mapped = [...named.entries()].filter(([id, theme]) => set.themes.find((t) => t.id === id)!.priority === theme.priorityId).length;
  const rightEchoes = set.answers.filter((a, i) => (a.priority ?? undefined) === echoes[i]).length;
  const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 1000);
  return {
    recall: share(found.length, gold.length),
    precision: share(precise, shown.length),
    mapping: share(mapped, named.size),
    named: named.size,
    answerMapping: share(rightEchoes, set.answers.length),
    shown: shown.map((t) => `${t.label} (${t.answers}${t.priorityId ? `, ${t.priorityId}` : ', no clear priority'})`),
    missed: gold.filter((t) => !named.has(t.id)).map((t) => t.id),
  };
}
