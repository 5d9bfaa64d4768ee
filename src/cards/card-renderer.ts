import fs from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { PulseError } from '../domain/errors';
import { finishCard, markData } from './escape';

/** The card templates under cards/, by file name without .json. */
export const CARD_NAMES = [
  'welcome-team',
  'welcome-personal',
  'help',
  'notice',
  'poll-frame',
  'form-choice-taps',
  'form-inputs',
  'results',
  'profile',
  'templates',
  'trend',
  'digest',
  'list',
  'poll-form',
  'my-polls',
  'content-list',
  'priority-form',
  'workforce-form',
] as const;
export type CardName = (typeof CARD_NAMES)[number];

export type AdaptiveCardJson = { readonly type: 'AdaptiveCard'; readonly version: string } & Readonly<Record<string, unknown>>;

export interface CardRenderer {
  /**
   * Expands a template. Every string in `data` is text: escaped where Teams reads markdown
   * (TextBlocks, facts), and left exactly as it is in ids, values, titles and action data.
   * The card may be shared with other callers and is frozen: build a new object to change it.
   */
  render(name: CardName, data: object): AdaptiveCardJson;
}

/** cards/ at the project root, from both src/ (ts) and dist/src/ (js). */
export const DEFAULT_CARDS_DIR = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../cards' : '../../cards');

/** Reads every template once, at start-up, so a broken template stops the bot there. */
export function loadCardRenderer(dir: string = DEFAULT_CARDS_DIR): CardRenderer {
  const templates = new Map<CardName, Template>();
  for (const name of CARD_NAMES) {
    const file = path.join(dir, `${name}.json`);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new PulseError(
        'ahp_pulse_card_template_invalid',
        `The card template ${file} could not be read as JSON: ${(error as Error).message}. Fix the file (or restore it from git).`,
        {
          cause: error,
        },
      );
    }
    templates.set(name, new Template(json));
  }
  const expand = (name: CardName, data: object): AdaptiveCardJson => {
    const template = templates.get(name);
    if (!template)
      throw new PulseError(
        'ahp_pulse_card_template_invalid',
        `There is no card template named "${name}". Known: ${CARD_NAMES.join(', ')}; add it to CARD_NAMES and cards/.`,
      );
    return finishCard(template.expand({ $root: markData(data) })) as AdaptiveCardJson;
  };
  const recent = new Map<string, AdaptiveCardJson>();
  return {
    render(name, data) {
      // The same few cards are drawn again and again (a poll's choices, its results until the
      // next count): expanding a template is most of an answer's work, so small ones are kept.
      const key = `${name}\u0000${JSON.stringify(data)}`;
      if (key.length > MEMO_MAX_KEY) return expand(name, data);
      const hit = recent.get(key);
      if (hit) return hit;
      const card = deepFreeze(expand(name, data));
      recent.set(key, card);
      if (recent.size > MEMO_ENTRIES) recent.delete(recent.keys().next().value!);
      return card;
    },
  };
}

/** Cards whose data is at most this long (characters of JSON) are remembered, up to MEMO_ENTRIES of them. */
const MEMO_MAX_KEY = 4_096;
const MEMO_ENTRIES = 2_000;

/** A remembered card is shared by every caller, so nobody may change it: frozen, all the way down. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
