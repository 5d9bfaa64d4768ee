/** A draft priority's own words (title, description and what it covers), as the analyser's stems. */
export interface PriorityWords {
  readonly id: string;
  /** Each stem, with how many times the priority's words use it. */
  readonly words: ReadonlyMap<string, number>;
  /** The stems of what it covers alone (Priority.covers). */
  readonly covered?: ReadonlySet<string>;
}

/**
 * Which priority an answer's words point to (tf-idf). Each word a priority shares with the
 * answer counts by how few priorities use it (the log of the inverse of the share of priorities
 * that do), times how often the priority's own words use it (1 + its log). A word every priority
 * uses counts for nothing, and words several use ("support", "people", "care") never decide
 * alone: the best priority must share with the answer a word that marks it out (one no other
 * priority uses, or one that only it lists in what it covers), and score more than any other,
 * or there is no clear priority.
 */
export class PriorityMatcher {
  private readonly weights = new Map<string, number>();
  private readonly own = new Map<string, string>();

  constructor(private readonly priorities: readonly PriorityWords[]) {
    const n = priorities.length;
    const users = new Map<string, string[]>();
    for (const p of priorities) for (const word of p.words.keys()) users.set(word, [...(users.get(word) ?? []), p.id]);
    const coverers = new Map<string, string[]>();
    for (const p of priorities) for (const word of p.covered ?? []) coverers.set(word, [...(coverers.get(word) ?? []), p.id]);
    for (const [word, ids] of users) {
      this.weights.set(word, n === 1 ? 1 : Math.log(n / ids.length));
      const covering = coverers.get(word) ?? [];
      if (ids.length === 1) this.own.set(word, ids[0]!);
      else if (covering.length === 1) this.own.set(word, covering[0]!);
    }
  }

  /** The priority an answer chose, or else the one its words clearly point to. */
  echo(words: readonly string[], chosen?: string): string | undefined {
    if (chosen) return chosen;
    const distinct = new Set(words);
    let best: { id: string; score: number } | undefined;
    let second = 0;
    for (const priority of this.priorities) {
      let score = 0;
      for (const word of distinct) {
        const uses = priority.words.get(word);
        if (uses) score += (1 + Math.log(uses)) * this.weights.get(word)!;
      }
      if (!best || score > best.score) {
        second = best?.score ?? 0;
        best = { id: priority.id, score };
      } else if (score > second) second = score;
    }
    if (!best || best.score <= second + 1e-9) return undefined;
    for (const word of distinct) if (this.own.get(word) === best.id) return best.id;
    return undefined;
  }
}
