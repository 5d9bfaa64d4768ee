import type { TextAnalyser } from '../../application/ports/text-analyser';
import type { KeyPhrase, TextAnalysis } from '../../domain/themes';

/**
 * The TextAnalyser on wink-nlp with its small English model (both maintained, on npm, pure
 * JavaScript, no download at run time): its tokenizer, part-of-speech tagger, lemmatizer,
 * Porter2 stemmer, stop words and entity recogniser do the language work. Noun phrases are
 * read from the tags here (see nounPhrases).
 */
export function winkAnalyser(): TextAnalyser {
  // Loaded at the first analysis, not at start-up (the model takes about a third of a second).
  // One instance a process: wink's instances share the model.
  return {
    analyse: (text) => {
      shared ??= createAnalyser();
      return shared.analyse(text);
    },
  };
}

let shared: TextAnalyser | undefined;

/**
 * A word's Porter2 stem with a final double consonant made single, so that the forms the
 * stemmer leaves apart only by that letter meet: "staff" (staff) and "staffing" (staf),
 * "referral" (referr) and "refer".
 */
export function undouble(stem: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

/**
 * A sentence's first word in lower case when it is an ordinary capitalised word ("Staff are…"):
 * the small model reads a capitalised word as a proper noun, so "Staff", "Shorter" or "Long"
 * would otherwise not be read as the noun or adjective they are. Acronyms (NHS, IT) are kept.
 */
export function lowerSentenceStarts(text: string): string {
  return text.replace(/(^\s*|[.!?]\s+|\n\s*)([A-Z])(?=[a-z])/g, (_, before: string, letter: string) => before + letter.toLowerCase());
}

interface Word {
  readonly text: string;
  readonly lemma: string;
  readonly stem: string;
  readonly pos: string;
  readonly stop: boolean;
  readonly isWord: boolean;
  readonly acronym: boolean;
}

const NOUNISH = new Set(['NOUN', 'PROPN']);
const BEFORE_A_NOUN = new Set(['DET', 'ADJ', 'NUM']);

/**
 * The noun phrases of a sentence: runs of adjectives and nouns that end in a noun, the last
 * three words of each. Three readings correct the small model's tags:
 * - a word ending in -ing before a noun modifies it ("waiting lists", "on waiting lists"),
 *   unless it follows an auxiliary ("are hurting care");
 * - a "verb" after a determiner, an adjective, a number or "enough" is a noun ("enough staff");
 * - an acronym of two or more capitals (IT, CPD, MSK) is a noun, never a stop word ("it").
 */
function nounPhrases(words: readonly Word[]): KeyPhrase[] {
  const kindOf = (i: number): 'noun' | 'modifier' | undefined => {
    const w = words[i]!;
    if (!w.isWord) return undefined;
    if (w.acronym) return 'noun';
    if (w.stop) return undefined;
    if (NOUNISH.has(w.pos)) return 'noun';
    if (w.pos === 'ADJ') return 'modifier';
    if (w.pos === 'VERB') {
      const before = words[i - 1];
      if (before && (BEFORE_A_NOUN.has(before.pos) || before.lemma === 'enough')) return 'noun';
      const next = words[i + 1];
      if (w.text.endsWith('ing') && before?.pos !== 'AUX' && next && (NOUNISH.has(next.pos) || next.acronym)) return 'modifier';
    }
    return undefined;
  };
  const phrases: KeyPhrase[] = [];
  let run: Word[] = [];
  let kinds: ('noun' | 'modifier')[] = [];
  let start = 0;
  const close = () => {
    while (kinds.length > 0 && kinds.at(-1) !== 'noun') {
      kinds.pop();
      run.pop();
    }
    const last = run.slice(-3);
    const head = last.at(-1);
    const compounds = last.slice(1).flatMap((w, j) => (classifies(last[j]!) ? [`${last[j]!.stem} ${w.stem}`] : []));
    if (head && head.stem.length > 1) {
      phrases.push({
        key: last.map((w) => w.stem).join(' '),
        text: last.map((w) => w.text).join(' '),
        // A modifying -ing word keeps its form ("waiting list"), whatever lemma the tagger gave it.
        name: last.map((w, j) => (w.pos === 'VERB' && last.length - 1 > j ? w.text : w.lemma)).join(' '),
        head: head.stem,
        ...(compounds.length > 0 ? { compounds } : {}),
        ...(afterPreposition(words, start) ? { afterPreposition: true } : {}),
      });
    }
    run = [];
    kinds = [];
  };
  for (let i = 0; i < words.length; i++) {
    const kind = kindOf(i);
    if (!kind) {
      close();
      continue;
    }
    if (run.length === 0) start = i;
    run.push(words[i]!);
    kinds.push(kind);
  }
  close();
  return phrases;
}

/**
 * Whether a word before a noun says what kind it is ("waiting list", "digital tool", "staff
 * shortage"): a noun, an -ing word or an adjective in its plain form; not a comparison
 * ("better", "shorter", "more": the lemma is another word).
 */
function classifies(word: Word): boolean {
  return word.pos !== 'ADJ' || word.lemma === word.text;
}

/** Whether the words before `start` (past determiners: "for the", "on our") end in a preposition. */
function afterPreposition(words: readonly Word[], start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (words[i]!.pos === 'DET' || words[i]!.pos === 'NUM' || (words[i]!.pos === 'PRON' && words[i]!.stop))) i--;
  return i >= 0 && words[i]!.pos === 'ADP';
}

function createAnalyser(): TextAnalyser {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const winkNLP = require('wink-nlp') as typeof import('wink-nlp').default;
  const model = require('wink-eng-lite-web-model') as typeof import('wink-eng-lite-web-model').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const nlp = winkNLP(model);
  const its = nlp.its;
  // Porter2 (the model's own stemmer) with a final double consonant made single, remembered:
  // the same few thousand words come again and again.
  const stem = (model as unknown as { addons: { stem: (word: string) => string } }).addons.stem;
  const stems = new Map<string, string>();
  const stemOf = (word: string): string => {
    let found = stems.get(word);
    if (found === undefined) {
      if (stems.size >= 100_000) stems.clear();
      found = undouble(stem(word));
      stems.set(word, found);
    }
    return found;
  };
  // The typings do not accept its.lemma or its.stem (they need the model's add-ons, which this model has).
  const CONTENT = new Set(['NOUN', 'VERB', 'ADJ', 'PROPN']);
  const NOT_QUOTABLE = new Set(['EMAIL', 'URL', 'MENTION', 'HASHTAG', 'CARDINAL', 'ORDINAL', 'MONEY', 'TIME', 'DATE', 'DURATION', 'PHONE']);

  return {
    analyse(text: string): TextAnalysis {
      const doc = nlp.readDoc(lowerSentenceStarts(text));
      const phrases: KeyPhrase[] = [];
      const content: string[] = [];
      let unquotable = false;
      // Read a column at a time (wink's fast path), then each sentence's span of it.
      const tokens = doc.tokens();
      const surfaces = tokens.out() as string[];
      const tags = tokens.out(its.pos) as string[];
      const stops = tokens.out(its.stopWordFlag) as unknown as boolean[];
      const types = tokens.out(its.type) as string[];
      const cases = tokens.out(its.case) as string[];
      const lemmas = (tokens.out as (f: unknown) => string[])(its.lemma);
      const words: Word[] = surfaces.map((surface, i) => {
        const acronym = /^[A-Z]{2,6}s?$/.test(surface);
        const word: Word = {
          text: acronym ? surface : surface.toLowerCase(),
          lemma: acronym ? surface : lemmas[i]!.toLowerCase(),
          stem: stops[i] ? surface.toLowerCase() : stemOf(surface.toLowerCase()),
          pos: tags[i]!,
          stop: Boolean(stops[i]),
          isWord: types[i] === 'word',
          acronym,
        };
        if ((CONTENT.has(word.pos) && !word.stop) || (acronym && word.isWord)) content.push(word.stem);
        if (types[i] === 'number') unquotable = true; // a number may be a phone, a ward or a date
        return word;
      });
      for (const [start, end] of doc.sentences().out(its.span) as unknown as [number, number][]) {
        // A capitalised proper noun after a sentence's first word may be a person's name.
        for (let i = start + 1; i <= end; i++) if (tags[i] === 'PROPN' && cases[i] === 'titleCase') unquotable = true;
        phrases.push(...nounPhrases(words.slice(start, end + 1)));
      }
      const entities = doc.entities().out(its.type) as string[];
      return { phrases, words: content, quotable: !unquotable && !entities.some((type) => NOT_QUOTABLE.has(type)) };
    },
  };
}
