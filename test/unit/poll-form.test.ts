import assert from 'node:assert/strict';
import { winkAnalyser } from '../../src/adapters/nlp/wink-analyser';
import { requestFromDraft } from '../../src/application/launches/compose-draft';
import { loadCardRenderer } from '../../src/cards/card-renderer';
import { pollPresenter } from '../../src/cards/poll-cards';
import { pollFormPresenter } from '../../src/cards/poll-form';
import { VERBS } from '../../src/cards/verbs';
import type { AnswerValue } from '../../src/domain/answer';
import { DigestBuilder, ParticipationCounter } from '../../src/domain/digest/builder';
import { previousWeek } from '../../src/domain/digest/week';
import { openPoll, POLL_KINDS, QUESTION_MAX } from '../../src/domain/poll';
import { checkDraft, draftFromSpec, EMPTY_DRAFT, OPTION_MAX, OPTIONS_MAX, type PollDraft, readDraft } from '../../src/domain/poll-draft';
import { checkCard } from '../support/card-checks';
import { inputsOf, submitDialog } from '../support/card-client';
import { priorityWordsOf } from '../support/digest-fixtures';
import { CONTENT, pollOf } from '../support/poll-fixtures';

const NOW = new Date('2026-12-02T10:00:00.000Z');
const catalog = CONTENT.catalog;
const renderer = loadCardRenderer();
const forms = pollFormPresenter(renderer);
const verbs = Object.values(VERBS);
const draft = (changes: Partial<PollDraft>): PollDraft => ({ ...EMPTY_DRAFT, question: 'What stops people getting to your service?', ...changes });
const problemsOf = (d: PollDraft) => {
  const checked = checkDraft(d, catalog, NOW);
  return checked.ok ? {} : checked.problems;
};

describe('A poll in a lead’s own words (the poll form’s draft)', () => {
  it('makes a poll of every kind, with the priorities as options by default', () => {
    for (const kind of POLL_KINDS) {
      const checked = checkDraft(draft({ kind, priorityId: kind === 'agreement' ? catalog.priorities[0]!.id : '' }), catalog, NOW);
      assert.ok(checked.ok, `${kind}: ${JSON.stringify(checked)}`);
      const hasOptions = ['single', 'multi', 'rating', 'rank'].includes(kind);
      assert.equal(checked.spec.options.length, hasOptions ? catalog.priorities.length : 0, kind);
      assert.equal(checked.spec.templateId, undefined);
    }
  });

  it('gives the lead’s own options ids of their own, so that they never count towards a priority', () => {
    const checked = checkDraft(
      draft({ optionsFrom: 'own', options: 'Transport\n\n  Opening hours  \nCost', priorityId: catalog.priorities[0]!.id }),
      catalog,
      NOW,
    );
    assert.ok(checked.ok);
    assert.deepEqual(checked.spec.options, [
      { id: 'o1', label: 'Transport' },
      { id: 'o2', label: 'Opening hours' },
      { id: 'o3', label: 'Cost' },
    ]);
    assert.deepEqual(checked.spec.priorityIds, []);
    assert.equal(checked.spec.aboutPriorityId, catalog.priorities[0]!.id);
  });

  it('ties an agreement or an open prompt to the priority it is about, and to none when none is chosen', () => {
    const about = catalog.priorities[1]!.id;
    for (const kind of ['agreement', 'open']) {
      const tied = checkDraft(draft({ kind, priorityId: about }), catalog, NOW);
      const free = checkDraft(draft({ kind }), catalog, NOW);
      assert.ok(tied.ok && free.ok);
      assert.deepEqual(tied.spec.priorityIds, [about]);
      assert.deepEqual(free.spec.priorityIds, []);
    }
  });

  it('says what is wrong beside each field, all at once, in words', () => {
    const problems = problemsOf({
      ...EMPTY_DRAFT,
      kind: 'quiz',
      question: ' ',
      optionsFrom: 'own',
      options: 'Only one',
      priorityId: 'no-such',
      closesIn: 'date',
      closesDate: '2026-11-30',
      visibility: 'everyone',
    });
    assert.deepEqual(Object.keys(problems).sort(), ['closesDate', 'kind', 'priorityId', 'question', 'visibility']);
    assert.match(problems.question!, /Write the question/);
    assert.match(problems.closesDate!, /in the past/);
    assert.match(problemsOf(draft({ optionsFrom: 'own', options: 'Only one' })).options!, /Give at least two options/);
    assert.match(problemsOf(draft({ kind: 'rank', optionsFrom: 'own', options: 'a\nb' })).options!, /at least three/);
    assert.match(problemsOf(draft({ optionsFrom: 'own', options: Array.from({ length: 11 }, (_, i) => `o ${i}`).join('\n') })).options!, /at most 10/);
    assert.match(problemsOf(draft({ optionsFrom: 'own', options: `a\n${'x'.repeat(OPTION_MAX + 1)}` })).options!, /80 characters/);
    assert.match(problemsOf(draft({ optionsFrom: 'own', options: 'Same\nsame' })).options!, /the same/);
    assert.match(problemsOf(draft({ question: 'q'.repeat(QUESTION_MAX + 1) })).question!, /300 characters/);
    assert.match(problemsOf(draft({ closesIn: 'date', closesDate: '2027-06-01', closesTime: '25:00' })).closesTime!, /not a time of day/);
    assert.match(problemsOf(draft({ closesIn: 'date', closesDate: '2027-06-01' })).closesDate!, /at most 90 days/);
  });

  it('closes at a day and time in UK time: 17:00 is 17:00 UTC in winter, 16:00 UTC in summer', () => {
    const winter = checkDraft(draft({ closesIn: 'date', closesDate: '2027-02-20', closesTime: '17:00' }), catalog, NOW);
    assert.ok(winter.ok);
    assert.equal(winter.closesAt.toISOString(), '2027-02-20T17:00:00.000Z');
    const summer = checkDraft(draft({ closesIn: 'date', closesDate: '2027-06-01', closesTime: '17:00' }), catalog, new Date('2027-05-01T10:00:00Z'));
    assert.ok(summer.ok);
    assert.equal(summer.closesAt.toISOString(), '2027-06-01T16:00:00.000Z');
  });

  it('reads back only the form’s own fields, as text, whatever else a client sends', () => {
    const read = readDraft({ kind: 'open', question: 42, anonymous: true, priorityId: 'none', extra: 'ignored', options: 'x'.repeat(10_000) });
    assert.equal(read.question, '');
    assert.equal(read.anonymous, 'true');
    assert.equal(read.priorityId, '');
    assert.equal(read.options.length, 4_000);
    assert.ok(!('extra' in read));
    const bare = readDraft({ kind: 'single', question: 'q' });
    assert.equal(bare.anonymous, 'true', 'a poll is never named because a toggle was left out');
    assert.equal(bare.allowQuotes, 'false');
  });

  it('fills the form again from a past poll: its question, its own options, what it was about', () => {
    const checked = checkDraft(
      draft({ kind: 'multi', optionsFrom: 'own', options: 'A\nB\nC', priorityId: catalog.priorities[2]!.id, anonymous: 'false' }),
      catalog,
      NOW,
    );
    assert.ok(checked.ok);
    const again = draftFromSpec(checked.spec, catalog);
    assert.equal(again.question, 'What stops people getting to your service?');
    assert.equal(again.optionsFrom, 'own');
    assert.equal(again.options, 'A\nB\nC');
    assert.equal(again.priorityId, catalog.priorities[2]!.id);
    assert.equal(again.anonymous, 'false');
    const priorities = checkDraft(draft({}), catalog, NOW);
    assert.ok(priorities.ok);
    assert.equal(draftFromSpec(priorities.spec, catalog).optionsFrom, 'priorities');
  });
});

describe('The poll form’s cards', () => {
  it('draws the form as a valid Teams card, every input labelled, each problem below its field, what was typed kept', () => {
    const typed = draft({ optionsFrom: 'own', options: 'Only one' });
    const checked = checkDraft(typed, catalog, NOW);
    assert.ok(!checked.ok);
    const card = forms.form({ draft: typed, problems: checked.problems, catalog, canPostHere: true, templates: [] });
    assert.deepEqual(checkCard(card, verbs).problems, []);
    const json = JSON.stringify(card);
    assert.match(json, /Give at least two options, one a line/);
    assert.match(json, /One thing needs changing/);
    const inputs = inputsOf(card);
    assert.ok(
      inputs.every((i) => i.label !== ''),
      'every input has a label',
    );
    assert.equal(inputs.find((i) => i.id === 'question')?.value, typed.question);
    assert.equal(inputs.find((i) => i.id === 'options')?.value, 'Only one');
    assert.equal(inputs.find((i) => i.id === 'priorityId')?.value, 'none');
  });

  it('sends back, as a client fills it, a draft the rules read as typed', () => {
    const card = forms.form({ draft: EMPTY_DRAFT, problems: {}, catalog, canPostHere: false, templates: [] });
    const data = submitDialog(card, {
      fill: { 'Question, in your own words': 'Which service change helps most?', 'Kind of question': 'Ranking: the top three of the options' },
      press: 'Preview',
    });
    const checked = checkDraft(readDraft(data), catalog, NOW);
    assert.ok(checked.ok, JSON.stringify(checked));
    assert.equal(checked.spec.kind, 'rank');
    assert.equal(data.pollForm, 'preview-launch');
  });

  it('keeps the longest poll the form allows under Teams’ 80 KB, counted in UTF-16, for every kind', () => {
    const presenter = pollPresenter(renderer);
    const wide = 'é'.repeat(OPTION_MAX);
    for (const kind of POLL_KINDS) {
      const options = Array.from({ length: OPTIONS_MAX }, (_, i) => `${i}${wide}`.slice(0, OPTION_MAX)).join('\n');
      const checked = checkDraft(
        draft({ kind, question: '“'.repeat(QUESTION_MAX), optionsFrom: 'own', options, priorityId: kind === 'agreement' ? '' : '' }),
        catalog,
        NOW,
      );
      assert.ok(checked.ok, kind);
      const poll = openPoll(
        checked.spec,
        { id: 'p0123456789', author: { aadObjectId: 'a', name: 'Lead' }, tenantId: 't' },
        { createdAt: NOW, opensAt: NOW, durationMs: 86_400_000, reminderBeforeMs: 0 },
      );
      const card = presenter.sharedCard({ poll, catalog, now: NOW, respondents: 0, canManage: false });
      assert.ok(JSON.stringify(card).length * 2 < 80 * 1024, `${kind}: ${JSON.stringify(card).length * 2} bytes in UTF-16`);
      const preview = forms.preview(card, {
        postHere: true,
        channels: Array.from({ length: 50 }, (_, i) => ({ value: `t|c${i}`, title: `Team › Channel ${i}` })),
      });
      assert.deepEqual(checkCard(preview, verbs).problems, [], kind);
    }
  });

  it('offers the button that opens the form, and the preview’s next steps', () => {
    assert.deepEqual(checkCard(forms.opener('p0123456789'), verbs).problems, []);
    assert.match(JSON.stringify(forms.opener('p0123456789')), /"type":"task\/fetch".*"likePollId":"p0123456789"/);
    const preview = forms.preview(
      { type: 'AdaptiveCard', version: '1.5', body: [], refresh: { action: {} } },
      { postHere: false, channels: [{ value: 't|c', title: 'AHP Community › General' }] },
    );
    const titles = JSON.stringify(preview);
    assert.ok(!titles.includes('refresh'), 'no refresh inside a dialog');
    assert.ok(!titles.includes('Post here'));
    assert.match(titles, /"title":"Edit".*"title":"Launch"/);
  });
});

describe('A poll in a lead’s own words in the weekly digest', () => {
  const week = { id: '2026-11-16', startsAt: '2026-11-16T00:00:00.000Z', endsAt: '2026-11-23T00:00:00.000Z' };
  const analyser = winkAnalyser();
  const language = { analyse: (text: string) => analyser.analyse(text), priorityWords: priorityWordsOf(analyser) };
  const closed = {
    createdAt: '2026-11-16T09:00:00.000Z',
    closesAt: '2026-11-20T17:00:00.000Z',
    status: 'closed' as const,
    closedAt: '2026-11-20T17:00:00.000Z',
  };
  const answers = (pollId: string, value: (i: number) => AnswerValue, n = 12) =>
    Array.from({ length: n }, (_, i) => ({
      pollId,
      respondentKey: `k${i}`,
      value: value(i),
      answeredAt: '2026-11-17T10:00:00.000Z',
      firstAnsweredAt: '2026-11-17T10:00:00.000Z',
      revision: 0,
      profession: 'physiotherapist',
    }));

  it('is in the polls section with its own options, and counts towards no priority; an agreement about one counts towards it', () => {
    const own = checkDraft(draft({ optionsFrom: 'own', options: 'Transport\nOpening hours\nCost of travel', priorityId: 'access' }), catalog, NOW);
    const agree = checkDraft(draft({ kind: 'agreement', question: 'Access should come first.', priorityId: 'access' }), catalog, NOW);
    assert.ok(own.ok && agree.ok);
    const builder = new DigestBuilder(week, catalog, 5, language);
    const choice = { ...pollOf('single'), ...own.spec, id: 'p-own', ...closed };
    const statement = { ...pollOf('agreement'), ...agree.spec, id: 'p-agree', ...closed };
    builder.addPoll(choice, true);
    builder.addPoll(statement, true);
    for (const r of answers('p-own', (i) => ({ kind: 'single', optionId: i % 3 === 0 ? 'o1' : 'o2' }))) builder.addResponse(r);
    for (const r of answers('p-agree', () => ({ kind: 'agreement', level: 'agree' }))) builder.addResponse(r);
    const digest = builder.finish({ previous: new ParticipationCounter(previousWeek(week)), computedAt: new Date('2026-11-23T09:00:00Z') });
    const shown = digest.polls.find((p) => p.id === 'p-own')!;
    assert.equal(shown.question, 'What stops people getting to your service?');
    assert.deepEqual(
      shown.rows.map((r) => r.label),
      ['Transport', 'Opening hours', 'Cost of travel'],
    );
    const access = digest.priorities.find((p) => p.id === 'access')!;
    assert.equal(access.polls, 1, 'only the agreement about it counts');
    assert.deepEqual(access.support, { value: 100 });
  });
});

describe('The typed compose dialog’s answers, through the poll form’s draft and checks', () => {
  it('makes the same request as the form would: the template’s words, its priority, its picks, closing a length of time after it opens', () => {
    const at = new Date('2026-12-05T09:00:00.000Z');
    const agree = requestFromDraft({ template: 'agree', priority: 'access', closes: '3d', results: 'live', to: 'all', at: at.toISOString() }, CONTENT, NOW);
    assert.equal(agree.templateId, 'agree');
    assert.equal(agree.spec?.question, `"${catalog.priorities.find((p) => p.id === 'access')!.title}" should be one of the strategy's priorities.`);
    assert.deepEqual(agree.spec?.priorityIds, ['access']);
    assert.equal(agree.durationMs, 3 * 86_400_000, 'from when it opens, however late it launches');
    assert.equal(agree.visibility, 'live');
    const two = requestFromDraft({ template: 'top-two' }, CONTENT, NOW);
    assert.equal(two.spec?.maxPicks, 2);
    assert.equal(two.spec?.options.length, catalog.priorities.length);
  });

  it('refuses what the form refuses: an unknown template, a priority not offered any more', () => {
    assert.throws(() => requestFromDraft({ template: 'no-such' }, CONTENT, NOW), /no poll template called "no-such"/);
    const retired = { ...CONTENT, catalog: { ...catalog, priorities: catalog.priorities.map((p) => (p.id === 'access' ? { ...p, retiredAt: 't' } : p)) } };
    assert.throws(() => requestFromDraft({ template: 'agree', priority: 'access' }, retired, NOW), /Which priority is it about/);
  });
});
