import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildVerbTable } from '../../src/app/verb-table';
import { CARD_NAMES, DEFAULT_CARDS_DIR, loadCardRenderer } from '../../src/cards/card-renderer';
import { checkCard } from '../support/card-checks';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/cards');
const renderer = loadCardRenderer();
const verbs = buildVerbTable(renderer).verbs();

describe('Card templates', () => {
  it('has a template file for every card name, and no template the code does not know', () => {
    const files = fs
      .readdirSync(DEFAULT_CARDS_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    assert.deepEqual(files, [...CARD_NAMES].sort());
  });

  for (const name of CARD_NAMES) {
    it(`expands "${name}" with fixture data into a valid Teams card (1.5, known properties, labelled inputs, known verbs, under 80 KB)`, () => {
      const data = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
      const card = renderer.render(name, data);
      const report = checkCard(card, verbs);
      assert.deepEqual(report.problems, []);
    });
  }

  it('escapes what people wrote, so a team name cannot add a link or a mention', () => {
    const card = JSON.stringify(renderer.render('welcome-team', { teamName: 'X [a](https://evil.example) <at>all</at>', channelCount: 1 }));
    assert.ok(!card.includes('[a](https'), card);
    assert.ok(!card.includes('<at>'), card);
  });

  describe('the card check itself', () => {
    const base = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', wrap: true }] };

    it('passes a plain valid card', () => {
      assert.deepEqual(checkCard(base, verbs).problems, []);
    });

    it('catches an unknown element, an unknown property and a version above 1.5', () => {
      const report = checkCard(
        { ...base, version: '1.6', body: [{ type: 'Marquee', text: 'x' }, { type: 'TextBlock', text: 'y', blink: true }] },
        verbs,
      );
      assert.equal(report.problems.length, 4, report.problems.join('\n'));
    });

    it('catches an input without a label and a verb the bot does not handle', () => {
      const report = checkCard(
        {
          ...base,
          body: [{ type: 'Input.Text', id: 'why' }],
          actions: [{ type: 'Action.Execute', verb: 'no.such.verb', title: 'Go' }],
        },
        verbs,
      );
      assert.deepEqual(report.problems, [
        'card.body[0]: input "why" has no label (screen readers need one)',
        'action verb "no.such.verb" is not in the verb table',
      ]);
    });

    it('catches a card over 80 KB', () => {
      const big = { ...base, body: [{ type: 'TextBlock', text: 'x'.repeat(90 * 1024) }] };
      assert.match(checkCard(big, verbs).problems.join(), /is over 81920/);
    });
  });
});
