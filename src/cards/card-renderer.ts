import { PulseError } from '../domain/errors';
import fs from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
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
  'digest',
  'list',
] as const;
export type CardName = (typeof CARD_NAMES)[number];

export type AdaptiveCardJson = { readonly type: 'AdaptiveCard'; readonly version: string } & Readonly<Record<string, unknown>>;

export interface CardRenderer {
  /**
   * Expands a template. Every string in `data` is text: escaped where Teams reads markdown
   * (TextBlocks, facts), and left exactly as it is in ids, values, titles and action data.
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
  return {
    render(name, data) {
      const template = templates.get(name);
      if (!template)
        throw new PulseError(
          'ahp_pulse_card_template_invalid',
          `There is no card template named "${name}". Known: ${CARD_NAMES.join(', ')}; add it to CARD_NAMES and cards/.`,
        );
      return finishCard(template.expand({ $root: markData(data) })) as AdaptiveCardJson;
    },
  };
}
