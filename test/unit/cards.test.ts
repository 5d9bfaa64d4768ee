import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CARD_NAMES, DEFAULT_CARDS_DIR, loadCardRenderer } from '../../src/cards/card-renderer';
import { digestPresenter } from '../../src/cards/digest-card';
import { pollPresenter } from '../../src/cards/poll-cards';
import { fixtureDigest } from '../support/digest-fixtures';
import { VERBS } from '../../src/cards/verbs';
import { POLL_KINDS } from '../../src/domain/poll';
import { checkCard } from '../support/card-checks';
import { viewsOf } from '../support/poll-fixtures';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/cards');
const renderer = loadCardRenderer();
const verbs = Object.values(VERBS);
/** Templates checked below from real data: parts of the poll card, and the digest. */
const POLL_PARTS = ['poll-frame', 'form-choice-taps', 'form-inputs', 'results', 'digest'];

describe('Card templates', () => {
  it('has a template file for every card name, and no template the code does not know', () => {
    const files = fs
      .readdirSync(DEFAULT_CARDS_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    assert.deepEqual(files, [...CARD_NAMES].sort());
  });

  it('checks every template: each has fixture data here or is a part of the poll card checked below', () => {
    const fixtures = fs.readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual(CARD_NAMES.filter((name) => !fixtures.includes(name) && !POLL_PARTS.includes(name)), []);
  });

  for (const file of fs.readdirSync(FIXTURES)) {
    const name = file.replace(/\.json$/, '') as (typeof CARD_NAMES)[number];
    it(`expands "${name}" with fixture data into a valid Teams card (1.5, known properties, labelled inputs, known verbs, under 80 KB)`, () => {
      const data = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
      assert.deepEqual(checkCard(renderer.render(name, data), verbs).problems, []);
    });
  }

  describe('poll cards, every kind in every state', () => {
    const presenter = pollPresenter(renderer);
    for (const kind of POLL_KINDS) {
      for (const { name, view, personal } of viewsOf(kind)) {
        it(`draws "${name}" as a valid Teams card`, () => {
          const card = personal ? presenter.personalCard(view) : presenter.sharedCard(view);
          assert.deepEqual(checkCard(card, verbs).problems, []);
        });
      }
    }

    it('escapes what people wrote in every text block of the answer shown back to them', () => {
      const card = presenter.personalCard(viewsOf('open')[1]!.view);
      const texts: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const object = node as Record<string, unknown>;
          if (object.type === 'TextBlock') texts.push(String(object.text));
          Object.values(object).forEach(walk);
        }
      };
      walk(card);
      assert.ok(texts.some((t) => t.includes('Shorter waits')), 'the answer is shown');
      for (const text of texts) {
        assert.ok(!/(^|[^\\])\[link/.test(text), `no markdown link: ${text}`);
        assert.ok(!/(^|[^\\])<at>/.test(text), `no mention: ${text}`);
      }
    });

    it("pre-fills a person's inputs with exactly what they wrote, unescaped, while text blocks stay escaped", () => {
      const view = viewsOf('open')[1]!.view;
      const card = presenter.personalCard(view) as { body: unknown[] };
      const inputs: Record<string, unknown>[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const object = node as Record<string, unknown>;
          if (object.type === 'Input.Text') inputs.push(object);
          Object.values(object).forEach(walk);
        }
      };
      walk(card.body);
      const written = view.mine!.answer.kind === 'open' ? view.mine!.answer.text : '';
      assert.equal(inputs[0]!.value, written);
      assert.match(JSON.stringify(card), /Your answer: Shorter waits for physio \\\\\[link\\\\\]/);
    });

    it('offers one-tap answers for single choice and agreement, each tap carrying its choice', () => {
      const card = JSON.stringify(presenter.sharedCard(viewsOf('agreement')[0]!.view));
      for (const level of ['strongly-agree', 'agree', 'neutral', 'disagree', 'strongly-disagree', 'not-sure']) {
        assert.ok(card.includes(`"choice":"${level}"`), level);
      }
    });

    it('says before anyone answers whether the poll is anonymous', () => {
      const card = JSON.stringify(presenter.sharedCard(viewsOf('single')[0]!.view));
      assert.match(card, /Anonymous: your name and Teams identity are not stored with your answer/);
    });
  });

  it('escapes what people wrote, so a team name cannot add a link or a mention', () => {
    const card = JSON.stringify(renderer.render('welcome-team', { teamName: 'X [a](https://evil.example) <at>all</at>', channelCount: 1 }));
    assert.ok(!card.includes('[a](https'), card);
    assert.ok(!card.includes('<at>'), card);
  });

  describe('the weekly digest card', () => {
    const digests = digestPresenter(renderer);
    const heading = { title: 'AHP Pulse weekly digest' };

    it('draws the fixture week as a valid Teams card, with a chart and a fallback for each poll that has figures', () => {
      const card = digests.digestCard(fixtureDigest(), heading);
      assert.deepEqual(checkCard(card, verbs).problems, []);
      const json = JSON.stringify(card);
      assert.equal((json.match(/"Chart\.HorizontalBar"/g) ?? []).length, 4, 'the polls with a figure shown (pa, pb, pc) and the priorities');
    });

    it('trims a week of many polls to fit under 80 KB, saying how many more there are', () => {
      const base = fixtureDigest();
      const many = { ...base, polls: Array.from({ length: 60 }, (_, i) => ({ ...base.polls[0]!, id: `p${i}`, question: `${'A long question about the draft priorities, '.repeat(6)}#${i}` })) };
      const card = digests.digestCard(many, heading);
      const report = checkCard(card, verbs);
      assert.deepEqual(report.problems, []);
      assert.ok(report.bytes < 80 * 1024);
      assert.match(JSON.stringify(card), /… and 50 more polls/);
    });

    it('marks suppressed figures as suppressed, never as a small number', () => {
      const json = JSON.stringify(digests.digestCard(fixtureDigest(), heading));
      assert.match(json, /suppressed \(fewer than 5\)/);
      assert.match(json, /Results suppressed: fewer than 5 people answered/);
      assert.doesNotMatch(json, /<5|< 5/);
    });
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

    it('passes a Teams chart with a valid fallback, and catches one without, with bad data or an unknown property', () => {
      const chart = { type: 'Chart.HorizontalBar', title: 'People', data: [{ x: 'Access', y: 3 }], fallback: { type: 'TextBlock', text: 'Access: 3', wrap: true } };
      assert.deepEqual(checkCard({ ...base, body: [chart] }, verbs).problems, []);
      const { fallback: _omitted, ...bare } = chart;
      assert.match(checkCard({ ...base, body: [bare] }, verbs).problems.join(), /needs a fallback/);
      assert.match(checkCard({ ...base, body: [{ ...chart, data: [{ x: 'Access', y: 'three' }] }] }, verbs).problems.join(), /label \(x\) and a number \(y\)/);
      assert.match(checkCard({ ...base, body: [{ ...chart, sparkle: true }] }, verbs).problems.join(), /"sparkle" is not a property/);
      assert.match(checkCard({ ...base, body: [{ ...chart, fallback: { type: 'Marquee' } }] }, verbs).problems.join(), /unknown type "Marquee"/);
    });

    it('catches a card over 80 KB', () => {
      const big = { ...base, body: [{ type: 'TextBlock', text: 'x'.repeat(90 * 1024) }] };
      assert.match(checkCard(big, verbs).problems.join(), /is over 81920/);
    });
  });
});
