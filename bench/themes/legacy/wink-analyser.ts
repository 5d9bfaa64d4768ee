import type { ItemCustomEntity, ItemSentence, ItemToken } from 'wink-nlp';
import type { KeyPhrase, TextAnalysis } from './themes';

/**
 * The theme finder's analyser as it was before #29 (commit fcbe93b), kept only so that `npm run
 * bench` can measure the old algorithm beside the new one. Not used by the bot.
 *
 * The TextAnalyser on wink-nlp with its small English model (both maintained, on npm, pure
 * JavaScript, no download at run time): its tokenizer, part-of-speech tagger, lemmatizer,
 * stop words and entity recogniser do the language work; noun phrases are found with its
 * custom-entity patterns over part-of-speech tags.
 */
export function legacyWinkAnalyser(): { analyse(text: string): TextAnalysis } {
  // Loaded at the first analysis, not at start-up (the model takes about a third of a second).
  // One instance a process: wink's instances share the model, and a second one's custom
  // entities would replace the first's.
  return {
    analyse: (text) => {
      shared ??= createAnalyser();
      return shared.analyse(text);
    },
  };
}

let shared: { analyse(text: string): TextAnalysis } | undefined;

function createAnalyser(): { analyse(text: string): TextAnalysis } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const winkNLP = require('wink-nlp') as typeof import('wink-nlp').default;
  const model = require('wink-eng-lite-web-model') as typeof import('wink-eng-lite-web-model').default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const nlp = winkNLP(model);
  const its = nlp.its;
  nlp.learnCustomEntities([{ name: 'phrase', patterns: ['[ADJ|NOUN|PROPN] [ADJ|NOUN] [NOUN]', '[ADJ|NOUN|PROPN] [NOUN]', '[NOUN]'] }], {
    matchValue: false,
    usePOS: true,
    useEntity: false,
  });
  // The typings do not accept its.lemma (it needs the model's add-ons, which this model has).
  const lemmaOf = (token: ItemToken) => String((token.out as (f: unknown) => unknown)(its.lemma)).toLowerCase();
  const CONTENT = new Set(['NOUN', 'VERB', 'ADJ', 'PROPN']);
  const NOT_QUOTABLE = new Set(['EMAIL', 'URL', 'MENTION', 'HASHTAG', 'CARDINAL', 'ORDINAL', 'MONEY', 'TIME', 'DATE', 'DURATION', 'PHONE']);

  return {
    analyse(text: string): TextAnalysis {
      const doc = nlp.readDoc(text);
      const phrases: KeyPhrase[] = [];
      doc.customEntities().each((entity: ItemCustomEntity) => {
        const tokens = entity.tokens();
        const lemmas: string[] = [];
        const words: string[] = [];
        tokens.each((token: ItemToken) => {
          if (token.out(its.stopWordFlag) || token.out(its.type) !== 'word') return;
          lemmas.push(lemmaOf(token));
          words.push(String(token.out()).toLowerCase());
        });
        const head = lemmas.at(-1);
        if (head && head.length > 1) phrases.push({ key: lemmas.join(' '), text: words.join(' '), head });
      });
      const lemmas: string[] = [];
      let unquotable = false;
      doc.sentences().each((sentence: ItemSentence) => {
        sentence.tokens().each((token: ItemToken, index: number) => {
          const pos = String(token.out(its.pos));
          if (CONTENT.has(pos) && !token.out(its.stopWordFlag)) lemmas.push(lemmaOf(token));
          if (token.out(its.type) === 'number') unquotable = true; // a number may be a phone, a ward or a date
          // A capitalised proper noun after the first word may be a person's name.
          if (index > 0 && pos === 'PROPN' && token.out(its.case) === 'titleCase') unquotable = true;
        });
      });
      const entities = doc.entities().out(its.type) as string[];
      return { phrases, lemmas, quotable: !unquotable && !entities.some((type) => NOT_QUOTABLE.has(type)) };
    },
  };
}
