/**
 * Which of a week's nouns and compounds are themes (used by themes.ts, from what it counted as
 * the answers streamed past). Four steps, each what a reader does when summarising:
 * 1. A noun that most answers mention only after a preposition ("for patients", "in the
 *    community") says what a topic is about, not what the answer is about: it is no theme.
 * 2. A noun most answers write alone is a candidate ("staffing", "access"). One most write
 *    inside a compound ("waiting lists", "waiting times") means nothing alone ("lists",
 *    "times"): its compounds are, with the others that begin with the same word ("digital
 *    tools", "digital records").
 * 3. Candidates that begin with the same word are one theme ("waiting lists" and "waiting
 *    times"; "staff" and "staff shortages"; "travel" and "travel costs"), if K or more answers
 *    mention it.
 * 4. A theme whose answers are mostly in other themes too, and spread over many of them
 *    ("patients", "people"), is a word people use whatever they write about: while any theme
 *    has fewer than half of its answers its own, the one whose shared answers are spread most
 *    goes.
 */

/** What themes.ts counted of a noun or a compound: the answers that mention it, and how. */
export interface MentionCount {
  readonly answers: number;
  /** Answers mentioning it other than after a preposition. */
  readonly topical: number;
}

export interface NounCount extends MentionCount {
  /** Answers mentioning it outside any compound. */
  readonly alone: number;
}

/** One answer as read: the nouns and compounds it mentions, each once, by their number. */
export interface AnswerMentions {
  readonly parts: readonly number[];
}

export interface SelectedTheme {
  /** Its parts: nouns ("staf") and compounds ("staf shortag"), the one with most answers first. */
  readonly parts: readonly string[];
  /** How many answers mention each part. */
  readonly sizes: readonly number[];
  /** The answers in it, by their place in the week. */
  readonly members: ReadonlySet<number>;
}

const topicalEnough = (m: MentionCount) => m.topical * 2 >= m.answers;

export function selectThemes(
  nouns: ReadonlyMap<string, NounCount>,
  compounds: ReadonlyMap<string, MentionCount>,
  partIds: ReadonlyMap<string, number>,
  answers: readonly AnswerMentions[],
  k: number,
  max: number,
): SelectedTheme[] {
  // Steps 1 and 2: nouns that are topics, written alone; and compounds, by their first word,
  // of nouns that are not (a compound of a noun that is a theme belongs to the noun's theme).
  const nounParts = new Set<string>();
  for (const [head, noun] of nouns) if (topicalEnough(noun) && noun.alone * 2 >= noun.answers) nounParts.add(head);
  const byFirst = new Map<string, { answers: number; topical: number; compounds: string[] }>();
  for (const [compound, count] of compounds) {
    const [first, head] = compound.split(' ') as [string, string];
    if (nounParts.has(head)) continue;
    const entry = byFirst.get(first) ?? { answers: 0, topical: 0, compounds: [] };
    entry.answers += count.answers;
    entry.topical += count.topical;
    entry.compounds.push(compound);
    byFirst.set(first, entry);
  }
  const parts = new Map<string, string>(); // part → the first word of its theme
  for (const head of nounParts) parts.set(head, head);
  for (const [first, entry] of byFirst) if (topicalEnough(entry)) for (const compound of entry.compounds) parts.set(compound, first);
  // Step 3: one theme for each first word, with its members (answers come in order, so an
  // answer already counted is the last one in its list).
  const firsts: string[] = [];
  const indexOfFirst = new Map<string, number>();
  const themeOf = new Int32Array(partIds.size).fill(-1);
  for (const [part, first] of parts) {
    const id = partIds.get(part);
    if (id === undefined) continue;
    let index = indexOfFirst.get(first);
    if (index === undefined) {
      index = firsts.length;
      firsts.push(first);
      indexOfFirst.set(first, index);
    }
    themeOf[id] = index;
  }
  const sizeOf = new Int32Array(partIds.size);
  const membersOf: number[][] = firsts.map(() => []);
  answers.forEach((answer, i) => {
    for (const id of answer.parts) {
      const index = themeOf[id]!;
      if (index < 0) continue;
      sizeOf[id]! += 1;
      const members = membersOf[index]!;
      if (members[members.length - 1] !== i) members.push(i);
    }
  });
  const partSizes = new Map<string, number>();
  for (const part of parts.keys()) {
    const id = partIds.get(part);
    if (id !== undefined && sizeOf[id]! > 0) partSizes.set(part, sizeOf[id]!);
  }
  const bySize = (a: string, b: string) => partSizes.get(b)! - partSizes.get(a)! || a.localeCompare(b);
  const partsOf = new Map<string, string[]>();
  for (const [part, first] of parts) {
    if (!partSizes.has(part)) continue;
    const list = partsOf.get(first);
    if (list) list.push(part);
    else partsOf.set(first, [part]);
  }
  // The largest candidates only (three for each theme shown), so that a big week's many small
  // ones neither take a theme's answers from it nor cost time.
  const themes = firsts
    .map((first, index) => [first, membersOf[index]!] as const)
    .filter(([, members]) => members.length >= k)
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, max * 3)
    .map(([first, members]) => ({ parts: partsOf.get(first)!.sort(bySize), members }));
  // Step 4: themes that only come with others. Of those with fewer than half of their answers
  // their own, the one whose answers it shares spread over the most others (as an effective
  // number of themes: the exponent of the entropy of its overlaps) goes first.
  // How many answers each pair of them shares, and each one's own, counted once; then kept as
  // themes go (an answer left in one theme becomes that theme's own).
  const n = themes.length;
  const shared = themes.map(() => new Array<number>(n).fill(0));
  const own = themes.map(() => 0);
  const themesOf = new Map<number, number[]>();
  themes.forEach((t, index) => {
    for (const i of t.members) {
      const list = themesOf.get(i);
      if (list) list.push(index);
      else themesOf.set(i, [index]);
    }
  });
  for (const list of themesOf.values()) {
    if (list.length === 1) own[list[0]!]! += 1;
    for (const a of list) for (const b of list) if (a !== b) shared[a]![b]! += 1;
  }
  const alive = themes.map(() => true);
  const left = new Map([...themesOf].map(([i, list]) => [i, list.length]));
  for (;;) {
    let worst: { index: number; spread: number; share: number } | undefined;
    themes.forEach((t, index) => {
      if (!alive[index]) return;
      const share = own[index]! / t.members.length;
      if (share >= 0.5) return;
      const spread = effectiveNumber(shared[index]!.filter((c, o) => alive[o] && c > 0));
      if (!worst || spread > worst.spread + 1e-9 || (Math.abs(spread - worst.spread) <= 1e-9 && share < worst.share)) worst = { index, spread, share };
    });
    if (!worst) break;
    alive[worst.index] = false;
    for (const i of themes[worst.index]!.members) {
      const remaining = left.get(i)! - 1;
      left.set(i, remaining);
      if (remaining === 1) {
        const last = themesOf.get(i)!.find((o) => alive[o]);
        if (last !== undefined) own[last]! += 1;
      }
    }
  }
  return themes
    .filter((_, index) => alive[index])
    .sort((a, b) => b.members.length - a.members.length || a.parts[0]!.localeCompare(b.parts[0]!))
    .slice(0, max)
    .map((t) => ({ parts: t.parts, sizes: t.parts.map((part) => partSizes.get(part)!), members: new Set(t.members) }));
}

/** The exponent of the entropy of counts: how many equal parts they are worth (1 for one, n for n equal ones). */
function effectiveNumber(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let entropy = 0;
  for (const c of counts) entropy -= (c / total) * Math.log(c / total);
  return Math.exp(entropy);
}
