import type { SelectedTheme } from './theme-selection';

/**
 * The quotes of a digest's themes (themes.ts): kept while answers stream in, a few for each noun
 * and compound, then one for each leading theme.
 */

export const MAX_QUOTES = 3;
const QUOTE_MIN = 20;
const QUOTE_MAX = 200;
/** Quote candidates kept for each noun and compound: those touching most of them, then the shortest. */
const CANDIDATES_PER_PART = 12;

interface Candidate {
  readonly index: number;
  readonly text: string;
  /** How many nouns and compounds it mentions. */
  readonly parts: number;
}

export class QuoteCandidates {
  private readonly byPart = new Map<string, Candidate[]>();

  /** An answer (the `index`th of the week) that may be quoted, if its length suits, under each noun and compound it mentions. */
  offer(index: number, answer: string, parts: readonly string[]): void {
    const text = answer.trim().replace(/\s+/g, ' ');
    if (text.length < QUOTE_MIN || text.length > QUOTE_MAX || parts.length === 0) return;
    const candidate: Candidate = { index, text, parts: parts.length };
    for (const part of parts) {
      let list = this.byPart.get(part);
      if (!list) {
        list = [];
        this.byPart.set(part, list);
      }
      list.push(candidate);
      if (list.length > CANDIDATES_PER_PART) {
        list.sort(byPromise);
        list.pop();
      }
    }
  }

  /**
   * One quote for each leading theme: the shortest answer that mentions it and most of the other
   * leading themes, never the same answer twice.
   */
  pick(selected: readonly SelectedTheme[]): string[] {
    const used = new Set<number>();
    const quotes: string[] = [];
    const touching = (q: Candidate) => selected.filter((t) => t.members.has(q.index)).length;
    for (const theme of selected) {
      if (quotes.length >= MAX_QUOTES) break;
      const best = theme.parts
        .flatMap((part) => this.byPart.get(part) ?? [])
        .filter((q) => !used.has(q.index))
        .sort((a, b) => touching(b) - touching(a) || a.text.length - b.text.length || a.index - b.index)[0];
      if (!best) continue;
      used.add(best.index);
      quotes.push(best.text);
    }
    return quotes;
  }
}

/** Candidates that touch more themes, then shorter ones, first. */
function byPromise(a: Candidate, b: Candidate): number {
  return b.parts - a.parts || a.text.length - b.text.length || a.index - b.index;
}
