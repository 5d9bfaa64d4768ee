import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { PollView } from '../../src/application/ports/poll-presenter';
import { knownJson, replyJson } from '../../src/cards/card-json';
import { CARD_NAMES, DEFAULT_CARDS_DIR, loadCardRenderer } from '../../src/cards/card-renderer';
import { digestPresenter } from '../../src/cards/digest-card';
import { pollPresenter } from '../../src/cards/poll-cards';
import { VERBS } from '../../src/cards/verbs';
import { AGREEMENT_LEVELS, POLL_KINDS } from '../../src/domain/poll';
import { MAX_QUOTES } from '../../src/domain/theme-quotes';
import { MAX_THEMES } from '../../src/domain/themes';
import { checkCard } from '../support/card-checks';
import { inputsOf } from '../support/card-client';
import { fixtureDigest, INSIGHT_LINES, pastWeeks, TREND_VIEW } from '../support/digest-fixtures';
import { CONTENT, viewsOf } from '../support/poll-fixtures';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/cards');
const renderer = loadCardRenderer();
const verbs = Object.values(VERBS);
/** Templates checked from real data: below, parts of the poll card, the digest and a priority's trend; the poll form in poll-form.test.ts; the content's forms in content-edit.test.ts. */
const POLL_PARTS = [
  'poll-frame',
  'form-choice-taps',
  'form-inputs',
  'results',
  'digest',
  'trend',
  'poll-form',
  'content-list',
  'priority-form',
  'workforce-form',
];

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
    assert.deepEqual(
      CARD_NAMES.filter((name) => !fixtures.includes(name) && !POLL_PARTS.includes(name)),
      [],
    );
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
      assert.ok(
        texts.some((t) => t.includes('Shorter waits')),
        'the answer is shown',
      );
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

    it("keeps a rate poll's input ids as the bot reads them (rate_<priority>)", () => {
      const ids = inputsOf(presenter.personalCard(viewsOf('rating')[1]!.view)).map((input) => input.id);
      assert.equal(ids.length, CONTENT.catalog.priorities.length);
      for (const id of ids) assert.match(id, /^rate_[a-z-]+$/);
    });

    it('marks the chosen option in words, not only by a glyph and a colour', () => {
      const view = viewsOf('agreement')[1]!.view;
      const chosen = view.mine!.answer.kind === 'agreement' ? view.mine!.answer.level : '';
      const label = AGREEMENT_LEVELS.find((l) => l.id === chosen)!.label;
      const card = JSON.stringify(presenter.personalCard(view));
      assert.ok(card.includes(`◉  ${label} (your answer)`), label);
      assert.equal(card.match(/\(your answer\)/g)?.length, 1);
    });

    it('reuses what it drew before, frozen, and still shows each answer its own count', () => {
      const view = viewsOf('single')[1]!.view;
      const first = presenter.personalCard(view);
      const next = presenter.personalCard({ ...view, respondents: 13 });
      const statusOf = (card: object) => JSON.stringify(card).match(/"(\d+ answers · Closes[^"]*)"/)?.[1];
      assert.equal(statusOf(first), '12 answers · Closes on Tue 1 Dec at 17:00 · You can change your answer until then.');
      assert.equal(statusOf(next), '13 answers · Closes on Tue 1 Dec at 17:00 · You can change your answer until then.');
      // The drawn parts are shared between the two cards, and nobody can change them for the other.
      const part = (card: object) => (card as { body: { id?: string; items?: unknown[] }[] }).body.find((e) => e.id === 'form')!.items![0];
      assert.equal(part(first), part(next));
      const notice = renderer.render('notice', { title: 'T', message: 'M', reference: '' });
      assert.equal(renderer.render('notice', { title: 'T', message: 'M', reference: '' }), notice);
      assert.throws(() => {
        (notice.body as { text: string }[])[0]!.text = 'changed';
      }, TypeError);
      assert.notEqual(renderer.render('notice', { title: 'T', message: 'Other', reference: '' }), notice);
    });

    it('gives every poll card, drawn anew or reused, JSON text that is exactly the card, each with its own count', () => {
      for (const kind of POLL_KINDS) {
        for (const { name, view, personal } of viewsOf(kind)) {
          for (const respondents of [view.respondents, view.respondents + 1, 1_000_000]) {
            const card = personal ? presenter.personalCard({ ...view, respondents }) : presenter.sharedCard({ ...view, respondents });
            const json = knownJson(card);
            assert.equal(json, JSON.stringify(card), `${name}, ${respondents} answers`);
            assert.ok(json?.includes(`"${respondents} answer`), `${name}: its own count`);
            assert.ok(Object.isFrozen(card) && Object.isFrozen((card as { body: unknown[] }).body), `${name}: frozen`);
            // A reply carrying it is written as exactly what JSON.stringify writes, as UTF-8.
            const reply = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
            const written = replyJson(reply);
            assert.ok(Buffer.isBuffer(written));
            assert.equal(written.toString('utf8'), JSON.stringify(reply));
          }
        }
      }
    });

    it('draws afresh for a poll read again, new results or another answer, never an older drawing', () => {
      const view = viewsOf('single')[1]!.view;
      const drawn = (v: PollView) => knownJson(presenter.personalCard(v))!;
      assert.ok(drawn(view).includes(view.poll.question));
      const again = drawn({ ...view, poll: { ...view.poll, question: 'A question asked again?' } });
      assert.ok(again.includes('A question asked again?') && !again.includes(view.poll.question));
      const last = view.poll.options.at(-1)!;
      assert.ok(drawn({ ...view, mine: { answer: { kind: 'single', optionId: last.id } } }).includes(`◉  ${last.label} (your answer)`));
      assert.ok(drawn({ ...view, results: { ...view.results!, respondents: 99 } }).includes('Results so far (99 people)'));
      const note = 'Results show once 5 people have answered.';
      assert.ok(drawn({ ...view, results: undefined, resultsNote: note }).includes(note));
    });

    it('writes any other reply exactly as JSON.stringify does', () => {
      for (const body of [{ status: 'alive' }, { statusCode: 200, type: 't', value: { type: 'AdaptiveCard', body: [] } }, 'text', null, [1, 2]]) {
        assert.equal(replyJson(body), JSON.stringify(body));
      }
      const card = presenter.personalCard(viewsOf('single')[1]!.view);
      // A reply whose own fields hold the splice mark is written whole, not spliced.
      const odd = { statusCode: 200, type: '\u0000card\u0000', value: card };
      assert.equal(String(replyJson(odd)), JSON.stringify(odd));
    });

    it('says before anyone answers whether the poll is anonymous', () => {
      const card = JSON.stringify(presenter.sharedCard(viewsOf('single')[0]!.view));
      assert.match(card, /Anonymous: your name and Teams identity are not stored with your answer/);
    });
  });

  it('keeps ids, values and action data exactly as given in every template, and escapes the same text where markdown is read', () => {
    const tricky = 'a_b*c [x](y) <at>z</at>';
    const card = renderer.render('form-inputs', {
      pollId: tricky,
      hint: tricky,
      submitTitle: tricky,
      choiceSets: [
        {
          id: tricky,
          label: tricky,
          choices: [{ title: tricky, value: tricky }],
          value: tricky,
          multi: false,
          style: 'compact',
          required: true,
          errorMessage: tricky,
          placeholder: tricky,
        },
      ],
      texts: [],
    }) as unknown as { body: Record<string, unknown>[] };
    const [hint, input, actions] = card.body as [Record<string, unknown>, Record<string, unknown>, { actions: Record<string, unknown>[] }];
    assert.equal(hint.text, 'a\\_b\\*c \\[x\\](y) \\<at\\>z\\</at\\>');
    assert.equal(input.id, tricky);
    assert.equal(input.value, tricky);
    assert.equal(input.label, tricky);
    assert.deepEqual(input.choices, [{ title: tricky, value: tricky }]);
    assert.deepEqual(actions.actions[0]!.data, { pollId: tricky });
    assert.deepEqual((actions.actions[0]!.fallback as { data: unknown }).data, { verb: VERBS.answerPoll, pollId: tricky });
    assert.ok(!JSON.stringify(card).match(/[\uE000\uE001]/), 'no renderer marks are left');
  });

  it('escapes what people wrote, so a team name cannot add a link or a mention', () => {
    const card = JSON.stringify(renderer.render('welcome-team', { teamName: 'X [a](https://evil.example) <at>all</at>', channelCount: 1 }));
    assert.ok(!card.includes('[a](https'), card);
    assert.ok(!card.includes('<at>'), card);
  });

  describe('the weekly digest card', () => {
    const digests = digestPresenter(renderer);
    const heading = { title: 'AHP Pulse weekly digest' };

    it('titles every section as a heading, for screen readers', () => {
      const card = digests.digestCard(fixtureDigest(), heading) as { body: { type: string; text?: string; style?: string }[] };
      const sections = [
        'Participation',
        'Polls this week',
        'The draft priorities, by support',
        'Where the professions agree',
        'Where they differ most',
        'What people wrote',
      ];
      for (const title of sections) assert.equal(card.body.find((e) => e.text === title)?.style, 'heading', title);
    });

    it('draws the fixture week as a valid Teams card, with a chart and its figures in text for each poll that has figures', () => {
      const card = digests.digestCard(fixtureDigest(), heading);
      assert.deepEqual(checkCard(card, verbs).problems, []);
      const json = JSON.stringify(card);
      assert.equal((json.match(/"Chart\.HorizontalBar"/g) ?? []).length, 4, 'the polls with a figure shown (pa, pb, pc) and the priorities');
    });

    it('draws the three views no other tool gives, each titled as a heading, as a valid card: the priorities over time, who we are not hearing from, AHPs beside citizens', () => {
      const digest = fixtureDigest(5, pastWeeks()); // 2 Nov: access 50; 9 Nov: access 55, optimising care 45, joined-up care 28
      const card = digests.digestCard(digest, heading);
      assert.deepEqual(checkCard(card, verbs).problems, []);
      const json = JSON.stringify(card);
      for (const title of ['The priorities over time', 'Who we are not hearing from', 'AHPs beside citizens']) {
        assert.match(json, new RegExp(`"text":"${title}","weight":"Bolder","size":"Medium","wrap":true,"style":"heading"`), title);
      }
      assert.match(json, /"type":"Chart\.Line"/);
      for (const line of INSIGHT_LINES) assert.match(json, line);
      assert.ok(checkCard(card, verbs).bytes < 80 * 1024);
    });

    it('says so when no priority has a figure this week, however many earlier weeks had, and draws no empty chart or list', () => {
      const card = digests.digestCard(fixtureDigest(100, pastWeeks()), heading); // K = 100: every figure suppressed, the 80 who answered too
      assert.deepEqual(checkCard(card, verbs).problems, []);
      const json = JSON.stringify(card);
      assert.match(json, /No priority has a figure this week, so none is drawn against its past weeks/);
      assert.match(json, /Fewer than 100 people answered this week: who was heard is suppressed\./);
      assert.doesNotMatch(json, /Heard least/);
      assert.doesNotMatch(json, /"type":"Chart\.Line"|"facts":\[\]/);
    });

    it('draws a digest published before these views without them', () => {
      const { trend, representation, reweighting, voices, ...older } = fixtureDigest();
      const card = digests.digestCard(older, heading);
      assert.deepEqual(checkCard(card, verbs).problems, []);
      assert.doesNotMatch(JSON.stringify(card), /The priorities over time|Who we are not hearing from|AHPs beside citizens/);
    });

    it('draws one priority week by week (trend) as a valid card, its chart figures also in text', () => {
      const card = digests.trendCard(TREND_VIEW);
      assert.deepEqual(checkCard(card, verbs).problems, []);
      const json = JSON.stringify(card);
      assert.match(json, /"values":\[\{"x":"2 Nov","y":50\},\{"x":"9 Nov","y":55\},\{"x":"16 Nov","y":58\}\]/);
      assert.match(json, /"title":"Week of 26 Oct","value":"no digest"/);
    });

    /** Sixty polls of the week, each with a long question. */
    const sixtyLongPolls = (base: ReturnType<typeof fixtureDigest>) =>
      Array.from({ length: 60 }, (_, i) => ({ ...base.polls[0]!, id: `p${i}`, question: `${'A long question about the draft priorities, '.repeat(6)}#${i}` }));

    it('trims a week of many polls to fit under 80 KB, saying how many more there are', () => {
      const base = fixtureDigest();
      const many = {
        ...base,
        polls: sixtyLongPolls(base),
      };
      const card = digests.digestCard(many, heading);
      const report = checkCard(card, verbs);
      assert.deepEqual(report.problems, []);
      assert.ok(report.bytes < 80 * 1024);
      assert.match(JSON.stringify(card), /… and 50 more polls/);
    });

    it('keeps a week of many polls and the most themes, long and with no clear priority, under 80 KB, saying so', () => {
      const base = fixtureDigest();
      const many = {
        ...base,
        polls: sixtyLongPolls(base),
        themes: {
          ...base.themes,
          themes: Array.from({ length: MAX_THEMES }, (_, i) => ({
            label: `${'long theme words '.repeat(3)}${i}`,
            answers: 1_000 + i,
            phrases: ['another phrase of the theme', 'a second phrase of it', 'and a third one'],
            ...(i % 2 === 0 ? { priorityId: 'access', priorityTitle: 'Easier access to support' } : {}),
          })),
          quotes: Array.from({ length: MAX_QUOTES }, () => 'q'.repeat(200)),
        },
      };
      const card = digests.digestCard(many, heading);
      const report = checkCard(card, verbs);
      assert.deepEqual(report.problems, []);
      const json = JSON.stringify(card);
      assert.ok(json.length * 2 < 80 * 1024, `${json.length * 2} bytes in UTF-16`);
      assert.match(json, /"value":"1,000 answers · Easier access to support"/);
      assert.match(json, /"value":"1,001 answers · no clear priority"/);
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
        {
          ...base,
          version: '1.6',
          body: [
            { type: 'Marquee', text: 'x' },
            { type: 'TextBlock', text: 'y', blink: true },
          ],
        },
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
      const chart = {
        type: 'Chart.HorizontalBar',
        title: 'People',
        data: [{ x: 'Access', y: 3 }],
        fallback: { type: 'TextBlock', text: 'Access: 3', wrap: true },
      };
      const figures = { type: 'FactSet', facts: [{ title: 'Access', value: '3' }] };
      assert.deepEqual(checkCard({ ...base, body: [chart, figures] }, verbs).problems, []);
      assert.deepEqual(checkCard({ ...base, body: [{ ...chart, fallback: 'drop' }, figures] }, verbs).problems, []);
      assert.match(checkCard({ ...base, body: [chart] }, verbs).problems.join(), /"Access" is not also in the card's text/);
      assert.match(
        checkCard({ ...base, body: [chart, { ...figures, facts: [{ title: 'Access', value: 'many' }] }] }, verbs).problems.join(),
        /figure for "Access" \(3\)/,
      );
      const { fallback: _omitted, ...bare } = chart;
      assert.match(checkCard({ ...base, body: [bare, figures] }, verbs).problems.join(), /needs a fallback/);
      assert.match(
        checkCard({ ...base, body: [{ ...chart, data: [{ x: 'Access', y: 'three' }] }, figures] }, verbs).problems.join(),
        /label \(x\) and a number \(y\)/,
      );
      assert.match(checkCard({ ...base, body: [{ ...chart, sparkle: true }, figures] }, verbs).problems.join(), /"sparkle" is not a property/);
      assert.match(checkCard({ ...base, body: [{ ...chart, fallback: { type: 'Marquee' } }, figures] }, verbs).problems.join(), /unknown type "Marquee"/);
    });

    it('catches an input id, a choice value or action data that a client would send back escaped', () => {
      const report = checkCard(
        {
          ...base,
          body: [{ type: 'Input.ChoiceSet', id: 'rate\\_access', label: 'Access', choices: [{ title: 'One', value: '1\\.' }] }],
          actions: [{ type: 'Action.Execute', verb: VERBS.answerPoll, title: 'Go', data: { pollId: 'p\\*1' } }],
        },
        verbs,
      );
      assert.equal(report.problems.length, 3, report.problems.join('\n'));
      assert.match(report.problems.join(), /rate\\_access.*must not be markdown-escaped/);
    });

    it('catches a card over 80 KB', () => {
      const big = { ...base, body: [{ type: 'TextBlock', text: 'x'.repeat(90 * 1024) }] };
      assert.match(checkCard(big, verbs).problems.join(), /is over 81920/);
    });
  });
});
