import { PriorityMatcher, type PriorityWords } from './priority-matcher';
import { QuoteCandidates } from './theme-quotes';
import { type AnswerMentions, type SelectedTheme, selectThemes } from './theme-selection';
import { endings, type KeyCount, preferredName, wording } from './theme-wording';

/**
 * Themes of open-text answers: noun phrases found by a language library behind the
 * TextAnalyser port (application/ports/text-analyser.ts), counted by the stem of their noun (so
 * "staff" and "staffing", "list" and "lists" count together) and by their compounds ("waiting
 * list"); which of them are themes is theme-selection.ts's rule. A theme is counted by the
 * answers that mention it and named by the whole phrase most of them used ("waiting lists",
 * never "lists": theme-wording.ts). It maps to the draft priority its answers point to: the one
 * an answer chose, or else the one its distinctive words point to (PriorityMatcher), or to no
 * clear priority. Then at most a few short quotes, one per leading theme, from polls that allow
 * quoting, never with a name in them (theme-quotes.ts). A theme needs K answers; the words that
 * name it need K answers from polls that allow quoting, or the theme is named by its noun's
 * dictionary form.
 */

export interface KeyPhrase {
  /** The phrase's stems, joined by spaces ("wait list"): what groups and counts. */
  readonly key: string;
  /** The words as written, lower-cased ("waiting lists"). */
  readonly text: string;
  /** The words' dictionary forms ("waiting list"): the name when too few wrote the same words. */
  readonly name: string;
  /** The stem of its last noun ("list"): the theme it belongs to. */
  readonly head: string;
  /** Its pairs of words as stems ("wait list"), where the first says what kind the second is: compounds that can be themes of their own. */
  readonly compounds?: readonly string[];
  /** It follows a preposition ("for patients", "at the hospital"): it says what the answer's topic is about, rather than being its topic. */
  readonly afterPreposition?: boolean;
}

export interface TextAnalysis {
  readonly phrases: readonly KeyPhrase[];
  /** Content words (nouns, verbs, adjectives) as stems, for matching answers to priorities. */
  readonly words: readonly string[];
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
  /** The priority its answers point to; none when no priority is clearly theirs. */
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

export const MAX_THEMES = 10;

interface Group {
  answers: number;
  topical: number;
  alone: number;
  keys: Map<string, KeyCount>;
  /** The dictionary forms of the noun itself, from every answer: the name of last resort. */
  names: Map<string, number>;
}

/** What is kept of an answer once read: the nouns and compounds it mentions, by number, and the priority it points to, never its words. */
interface AnswerRecord extends AnswerMentions {
  readonly echo?: string;
  /** From a poll that allows quoting. */
  readonly quotable?: boolean;
}

/**
 * Finds themes one answer at a time, so a week's open answers are analysed as they are read
 * (between pages of the store, never in one long block); of each it keeps only the numbers of
 * the nouns and compounds it mentions, the priority it points to and whether it may be quoted.
 */
export class ThemeFinder {
  private readonly groups = new Map<string, Group>();
  private readonly compounds = new Map<string, { answers: number; topical: number; names: Map<string, number> }>();
  /** The compounds' words, as counted for naming (from polls that allow quoting). */
  private readonly compoundWords = new Map<string, KeyCount>();
  private readonly quotes = new QuoteCandidates();
  private readonly records: AnswerRecord[] = [];
  /** Each noun's and compound's number, as the records name them. */
  private readonly partIds = new Map<string, number>();
  private readonly echoed = new Map<string, number>();
  private readonly matcher: PriorityMatcher;

  constructor(
    private readonly analyse: AnalyseText,
    priorities: readonly PriorityWords[],
    private readonly k: number,
  ) {
    this.matcher = new PriorityMatcher(priorities);
  }

  get answers(): number {
    return this.records.length;
  }

  /** Per priority, the answers that echo it (chose it, or share its distinctive words: PriorityMatcher). */
  get echoes(): ReadonlyMap<string, number> {
    return this.echoed;
  }

  add(answer: OpenAnswer): void {
    const i = this.records.length;
    const analysis = this.analyse(answer.text);
    const echo = this.matcher.echo(analysis.words, answer.priorityId);
    if (echo) this.echoed.set(echo, (this.echoed.get(echo) ?? 0) + 1);
    const heads = new Map<string, { topical: boolean; alone: boolean }>();
    const compounds = new Map<string, boolean>();
    const counted = new Set<string>();
    for (const phrase of analysis.phrases) {
      let group = this.groups.get(phrase.head);
      if (!group) {
        group = { answers: 0, topical: 0, alone: 0, keys: new Map(), names: new Map() };
        this.groups.set(phrase.head, group);
      }
      // People's own words name a theme only from polls that allow quoting (and only once K
      // answers used them: see result). Other answers count towards the theme, not its words.
      // A phrase also counts for its endings ("long waiting lists" for "waiting lists"), once per answer.
      if (answer.quotable) {
        for (const [key, text, name] of endings(phrase)) {
          if (counted.has(key)) continue;
          counted.add(key);
          tally(group.keys, key, text, name);
        }
      }
      for (const compound of phrase.compounds ?? []) {
        const count = this.compounds.get(compound) ?? { answers: 0, topical: 0, names: new Map<string, number>() };
        if (!compounds.has(compound)) {
          compounds.set(compound, !phrase.afterPreposition);
          count.answers += 1;
          if (!phrase.afterPreposition) count.topical += 1;
          const [, text, name] = endings(phrase).find(([key]) => key === compound || key.startsWith(`${compound} `)) ?? [];
          const noun = name?.split(' ')[1];
          if (noun) count.names.set(noun, (count.names.get(noun) ?? 0) + 1);
          if (answer.quotable && text && name)
            tally(this.compoundWords, compound, text.split(' ').slice(0, 2).join(' '), name.split(' ').slice(0, 2).join(' '));
        } else if (!phrase.afterPreposition && !compounds.get(compound)) {
          compounds.set(compound, true);
          count.topical += 1;
        }
        this.compounds.set(compound, count);
      }
      const seen = heads.get(phrase.head);
      if (!seen) {
        group.answers += 1;
        const noun = phrase.name.split(' ').at(-1)!;
        group.names.set(noun, (group.names.get(noun) ?? 0) + 1);
      }
      const how = {
        topical: (seen?.topical ?? false) || !phrase.afterPreposition,
        alone: (seen?.alone ?? false) || !phrase.compounds?.some((c) => c.endsWith(` ${phrase.head}`)),
      };
      if (how.topical && !seen?.topical) group.topical += 1;
      if (how.alone && !seen?.alone) group.alone += 1;
      heads.set(phrase.head, how);
    }
    this.records.push({
      parts: [...heads.keys(), ...compounds.keys()].map((part) => {
        let id = this.partIds.get(part);
        if (id === undefined) {
          id = this.partIds.size;
          this.partIds.set(part, id);
        }
        return id;
      }),
      ...(echo ? { echo } : {}),
      ...(answer.quotable ? { quotable: true } : {}),
    });
    if (answer.quotable && analysis.quotable) this.quotes.offer(i, answer.text, [...heads.keys(), ...compounds.keys()]);
  }

  result(): ThemeSummary {
    const selected = selectThemes(this.groups, this.compounds, this.partIds, this.records, this.k, MAX_THEMES);
    const themes: Theme[] = selected.map((theme) => {
      const first = this.named(theme.parts[0]!, theme);
      // Beside the name, the theme's other parts that K answers from quotable polls wrote.
      const others = theme.parts.slice(1).flatMap((part) => {
        const words = part.includes(' ') ? this.compoundWords.get(part) : this.groups.get(part)!.keys.get(part);
        return words && words.count >= this.k ? [wording(words)] : [];
      });
      const priorityId = priorityOf(theme.members, this.records);
      return {
        label: first.label,
        answers: theme.members.size,
        ...(priorityId ? { priorityId } : {}),
        phrases: [...new Set([...others, ...first.beside])].filter((p) => p !== first.label).slice(0, 3),
      };
    });

    const quotes = this.quotes.pick(selected);
    // The smaller themes not shown: the nouns no shown theme takes in.
    const shownParts = new Set(selected.flatMap((t) => t.parts.map((part) => part.split(' ').at(-1)!)));
    const hidden = [...this.groups.keys()].filter((head) => !shownParts.has(head)).length;
    return { themes, hidden, quotes };
  }

  /**
   * How a noun ("staf") or a compound ("wait list") of a theme reads, and the other phrases of
   * it to show beside. Only words K answers from quotable polls used name it or show beside it;
   * without them, a noun is named by its dictionary form.
   */
  private named(part: string, theme?: SelectedTheme): { label: string; beside: string[] } {
    if (part.includes(' ')) {
      const own = this.compoundWords.get(part);
      if (own && own.count >= this.k) return { label: wording(own), beside: [] };
      // A theme of compounds with the same first word, which K answers from quotable polls wrote:
      // its largest compound names it if it has half the theme's answers, else that first word.
      let quotable = 0;
      for (const i of theme?.members ?? []) if (this.records[i]!.quotable) quotable++;
      if (theme && quotable >= this.k) {
        if (own && theme.sizes[0]! * 2 >= theme.members.size) return { label: wording(own), beside: [] };
        const firsts = new Map<string, number>();
        for (const p of theme.parts) {
          for (const [text, { uses }] of this.compoundWords.get(p)?.surfaces ?? []) {
            const word = text.split(' ')[0]!;
            firsts.set(word, (firsts.get(word) ?? 0) + uses);
          }
        }
        const word = [...firsts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
        if (word) return { label: word, beside: [] };
      }
      return { label: preferredName(this.compounds.get(part)!.names), beside: [] };
    }
    const group = this.groups.get(part)!;
    const keys = [...group.keys.entries()]
      .filter(([, entry]) => entry.count >= this.k)
      .sort((a, b) => b[1].count - a[1].count || a[0].length - b[0].length || a[0].localeCompare(b[0]));
    // A noun mostly written alone: a phrase of several words names it if it is nearly as common ("staff shortages" beside "staff").
    const top = keys[0];
    const name = top ? (keys.find(([key, entry]) => key.includes(' ') && entry.count * 2 >= top[1].count) ?? top) : undefined;
    if (!name) return { label: preferredName(group.names), beside: [] };
    return {
      label: wording(name[1]),
      // Not the name's own endings ("lists" beside "waiting lists").
      beside: keys
        .filter(([key]) => key !== name[0] && !name[0].endsWith(` ${key}`))
        .slice(0, 3)
        .map(([, entry]) => wording(entry)),
    };
  }
}

export function findThemes(answers: Iterable<OpenAnswer>, analyse: AnalyseText, priorities: readonly PriorityWords[], k: number): ThemeSummary {
  const finder = new ThemeFinder(analyse, priorities, k);
  for (const answer of answers) finder.add(answer);
  return finder.result();
}

/** Counts a phrase's form once more under its key. */
function tally(keys: Map<string, KeyCount>, key: string, text: string, name: string): void {
  const entry = keys.get(key) ?? { count: 0, surfaces: new Map() };
  entry.count += 1;
  const surface = entry.surfaces.get(text);
  if (surface) surface.uses += 1;
  else entry.surfaces.set(text, { uses: 1, name });
  keys.set(key, entry);
}

/**
 * The priority a theme's answers point to (PriorityMatcher.echo): the one most of them point
 * to, if it has more than any other and at least a quarter of the theme's answers; else none.
 */
function priorityOf(members: ReadonlySet<number>, records: readonly AnswerRecord[]): string | undefined {
  const votes = new Map<string, number>();
  for (const i of members) {
    const echo = records[i]!.echo;
    if (echo) votes.set(echo, (votes.get(echo) ?? 0) + 1);
  }
  const [first, second] = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!first || (second && second[1] === first[1])) return undefined;
  return first[1] * 4 >= members.size ? first[0] : undefined;
}
