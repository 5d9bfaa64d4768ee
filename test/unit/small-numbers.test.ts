import assert from 'node:assert/strict';
import { winkAnalyser } from '../../src/adapters/nlp/wink-analyser';
import { participantSeals } from '../../src/application/polls/respondent-key';
import { loadCardRenderer } from '../../src/cards/card-renderer';
import { digestPresenter } from '../../src/cards/digest-card';
import { DigestBuilder, ParticipationCounter, resultsFinal } from '../../src/domain/digest/builder';
import { previousWeek } from '../../src/domain/digest/week';
import type { AgreementLevel } from '../../src/domain/poll';
import type { PollResponse } from '../../src/domain/response';
import { showableGroups } from '../../src/domain/suppression';
import { findThemes } from '../../src/domain/themes';
import { priorityWordsOf, WEEK } from '../support/digest-fixtures';
import { CONTENT, pollOf } from '../support/poll-fixtures';

const analyser = winkAnalyser();
const analyse = (text: string) => analyser.analyse(text);
const presenter = digestPresenter(loadCardRenderer());
const K = 5;
const COMPUTED_AT = new Date('2026-11-23T09:00:00Z');
const SEALS = participantSeals('a-test-secret-that-is-at-least-32-characters-long');

/** People by profession and the level each chose, on one closed agreement poll. */
type Answers = Record<string, AgreementLevel[]>;

function digestCardOf(answers: Answers): { card: string; digest: ReturnType<DigestBuilder['finish']> } {
  const poll = pollOf('agreement', {
    id: 'pk',
    createdAt: '2026-11-16T09:00:00.000Z',
    closesAt: '2026-11-20T17:00:00.000Z',
    status: 'closed',
    closedAt: '2026-11-20T17:00:00.000Z',
  });
  const builder = new DigestBuilder(WEEK, CONTENT.catalog, K, { analyse, priorityWords: priorityWordsOf(analyser) }, SEALS.opener);
  builder.addPoll(poll, resultsFinal(poll, COMPUTED_AT.toISOString()));
  let n = 0;
  for (const [profession, levels] of Object.entries(answers)) {
    for (const level of levels) {
      const response: PollResponse = {
        pollId: poll.id,
        respondentKey: `anon:${n}`,
        participantSeal: SEALS.seal({ aadObjectId: `person-${n}`, userId: '' }),
        profession,
        value: { kind: 'agreement', level },
        answeredAt: '2026-11-17T10:00:00.000Z',
        firstAnsweredAt: '2026-11-17T10:00:00.000Z',
        revision: 0,
      };
      n++;
      builder.addResponse(response);
    }
  }
  const digest = builder.finish({ previous: new ParticipationCounter(previousWeek(WEEK)), computedAt: COMPUTED_AT });
  return { digest, card: JSON.stringify(presenter.digestCard(digest, { title: 'AHP Pulse weekly digest' })) };
}

const times = (count: number, level: AgreementLevel): AgreementLevel[] => Array.from({ length: count }, () => level);

describe('Small numbers hold against arithmetic (K = 5)', () => {
  it('works the attack: one agreement poll, professions of 10, 10, 5 and 1; the orthoptist’s answer cannot be read from the card', () => {
    const everyoneElse = {
      physiotherapist: [...times(7, 'agree'), ...times(3, 'disagree')],
      paramedic: [...times(4, 'agree'), ...times(6, 'disagree')],
    };
    // Two worlds the card must not tell apart: the orthoptist agrees, or disagrees (and one
    // occupational therapist answers the other way, so the poll's own totals are the same).
    const agrees = digestCardOf({ ...everyoneElse, 'occupational-therapist': [...times(3, 'agree'), ...times(2, 'disagree')], orthoptist: ['agree'] });
    const disagrees = digestCardOf({ ...everyoneElse, 'occupational-therapist': [...times(4, 'agree'), ...times(1, 'disagree')], orthoptist: ['disagree'] });

    assert.equal(agrees.card, disagrees.card, 'the same card either way: nothing on it gives the orthoptist away');
    // Not by showing nothing: the poll, the two large professions and participation are there.
    const statement = agrees.digest.differ[0] ?? agrees.digest.agree[0];
    assert.deepEqual(statement?.shares.map((s) => s.profession).sort(), ['Paramedic', 'Physiotherapist'], 'the 5 are withheld with the 1');
    assert.match(agrees.card, /26 people/);
    const participation = Object.fromEntries(agrees.digest.participation.byProfession.map((p) => [p.id, p.responses]));
    assert.deepEqual(participation, {
      'occupational-therapist': { suppressed: true, reason: 'derivable' },
      orthoptist: { suppressed: true },
      paramedic: { value: 10 },
      physiotherapist: { value: 10 },
    });
  });

  it('hides nothing that protects no one: 7 strongly agree and 8 strongly disagree, the other levels empty, all shown with the support (worked by hand)', () => {
    // Physiotherapists 5, all strongly agreeing; paramedics 10, 2 strongly agreeing and 8 strongly disagreeing.
    const { digest, card } = digestCardOf({
      physiotherapist: times(5, 'strongly-agree'),
      paramedic: [...times(2, 'strongly-agree'), ...times(8, 'strongly-disagree')],
    });
    const rows = Object.fromEntries(digest.polls[0]!.rows.map((r) => [r.id, r.value]));
    assert.deepEqual(rows, {
      'strongly-agree': { value: 7 },
      agree: { value: 0 },
      neutral: { value: 0 },
      disagree: { value: 0 },
      'strongly-disagree': { value: 8 },
      'not-sure': { value: 0 },
    });
    assert.match(card, /"title":"Strongly agree","value":"7 \(47%\)"/);
    assert.match(card, /"title":"Strongly disagree","value":"8 \(53%\)"/);
    assert.doesNotMatch(card, /fewer than 5\)/, 'nothing on the card is said to be from fewer than 5: not even last week, when nobody answered');
    assert.doesNotMatch(card, /No priority was asked about/);
    // Support: 7 of 15 backed access (strongly agree or agree): 47.
    const access = digest.priorities.find((p) => p.id === 'access')!;
    assert.deepEqual(access.support, { value: 47 });
    // Reweighted to the workforce: physiotherapists count for their share of the two
    // professions' workforce, over their third of the respondents; paramedics likewise.
    const workforce = CONTENT.catalog.workforce.groups;
    const physios = workforce.find((g) => g.professions.includes('physiotherapist'))!.count;
    const paramedics = workforce.find((g) => g.professions.includes('paramedic'))!.count;
    const wPhysio = (physios / (physios + paramedics)) * (15 / 5);
    const wParamedic = (paramedics / (physios + paramedics)) * (15 / 10);
    const byHand = (100 * (wPhysio * 5 + wParamedic * 2)) / (wPhysio * 5 + wParamedic * 10);
    const kish = (wPhysio * 5 + wParamedic * 10) ** 2 / (wPhysio ** 2 * 5 + wParamedic ** 2 * 10);
    assert.equal(Math.round(byHand), 72);
    assert.equal(Math.round(kish), 10);
    const reweighted = digest.reweighting!.rows.find((r) => r.id === 'access')!;
    assert.deepEqual([reweighted.reweighted, reweighted.effectiveSize], [{ value: 72 }, { value: 10 }]);
  });

  it('says why a figure is hidden: fewer than K where so, and hidden so that another cannot be worked out where that is the reason', () => {
    // Agreement from 12: 8 agree, 3 disagree (under 5), 1 not sure (under 5): together 4, still
    // under 5, so the smallest shown cell with anyone in it (agree, 8) goes too, for the other reason.
    const { digest, card } = digestCardOf({ physiotherapist: [...times(8, 'agree'), ...times(3, 'disagree'), 'not-sure'] });
    const rows = Object.fromEntries(digest.polls[0]!.rows.map((r) => [r.id, r.value]));
    assert.deepEqual(rows.agree, { suppressed: true, reason: 'derivable' });
    assert.deepEqual(rows.disagree, { suppressed: true });
    assert.deepEqual(rows['not-sure'], { suppressed: true });
    assert.deepEqual(rows['strongly-agree'], { value: 0 });
    assert.match(card, /"title":"Agree","value":"hidden so that another figure cannot be worked out"/);
    assert.match(card, /"title":"Disagree","value":"suppressed \(fewer than 5\)"/);
    // The support rests on the hidden agree cell: hidden for that reason too, and the note says so.
    assert.deepEqual(digest.priorities.find((p) => p.id === 'access')!.support, { suppressed: true, reason: 'derivable' });
    assert.match(card, /No priority's support can be shown this week: each rests on a figure hidden so that a figure under 5 cannot be worked out\./);
  });

  it('withholds the smallest professions shown until the people left over are none, or K or more', () => {
    // Showing 10, 10 and 5 of 26 would leave the orthoptist alone: the total less the three shown.
    const shown = showableGroups([10, 10, 5, 1], 26, K);
    assert.deepEqual(shown, [true, true, false, false]);
    assert.deepEqual(showableGroups([10, 10, 5], 25, K), [true, true, true], 'nobody left over: all may be shown');
    assert.deepEqual(showableGroups([10, 10, 5], 30, K), [true, true, true], 'five left over: enough');
    assert.deepEqual(showableGroups([10, 5, 5], 22, K), [true, false, true], 'the smallest shown group goes first');
  });

  it('counts people, not answers: one orthoptist answering five polls is one person, and suppressed', () => {
    // Each response carries its own fresh seal of the person; only the key's holder sees they are one.
    const seals = participantSeals('a-test-secret-that-is-at-least-32-characters-long');
    const sealOf = (who: string) => seals.seal({ aadObjectId: who, userId: '' });
    const builder = new DigestBuilder(WEEK, CONTENT.catalog, K, { analyse, priorityWords: priorityWordsOf(analyser) }, seals.opener);
    const polls = [1, 2, 3, 4, 5].map((i) =>
      pollOf('single', {
        id: `pq${i}`,
        createdAt: '2026-11-16T09:00:00.000Z',
        closesAt: '2026-11-20T17:00:00.000Z',
        status: 'closed',
        closedAt: '2026-11-20T17:00:00.000Z',
      }),
    );
    for (const poll of polls) builder.addPoll(poll, true);
    for (const poll of polls) {
      const at = '2026-11-17T10:00:00.000Z';
      const base = { pollId: poll.id, value: { kind: 'single' as const, optionId: 'access' }, answeredAt: at, firstAnsweredAt: at, revision: 0 };
      builder.addResponse({ ...base, respondentKey: `anon:${poll.id}:o`, participantSeal: sealOf('orthoptist-0001'), profession: 'orthoptist' });
      for (let p = 0; p < 6; p++)
        builder.addResponse({ ...base, respondentKey: `anon:${poll.id}:${p}`, participantSeal: sealOf(`physio-000${p}`), profession: 'physiotherapist' });
    }
    const digest = builder.finish({ previous: new ParticipationCounter(previousWeek(WEEK)), computedAt: COMPUTED_AT });
    assert.deepEqual(digest.participation.responses, { value: 7 }, 'seven people, not 35 answers');
    const orthoptists = digest.participation.byProfession.find((p) => p.id === 'orthoptist');
    assert.deepEqual(orthoptists?.responses, { suppressed: true });
  });

  it('names a theme by people’s words only when K answers from polls that allow quoting used them', () => {
    const texts = Array.from({ length: 5 }, (_v, i) => `The staff shortages at Ward ${'ABCDE'[i]} are hurting care.`);
    const priorities = [...priorityWordsOf(analyser).values()];
    const quotable = findThemes(
      texts.map((text) => ({ text, quotable: true })),
      analyse,
      priorities,
      K,
    );
    assert.ok(
      quotable.themes.some((t) => t.label === 'staff shortages'),
      `five answers from quotable polls used the phrase: ${JSON.stringify(quotable.themes)}`,
    );
    assert.ok(!JSON.stringify(quotable.themes).toLowerCase().includes('ward'), 'no phrase that one answer alone used');
    const closed = findThemes(
      texts.map((text) => ({ text, quotable: false })),
      analyse,
      priorities,
      K,
    );
    const shortage = closed.themes.find((t) => t.label === 'shortage');
    assert.equal(shortage?.answers, 5, `the theme still counts: ${JSON.stringify(closed.themes)}`);
    assert.ok(!closed.themes.some((t) => t.label === 'staff shortages'), 'but is named by its noun, not by what people wrote');
    assert.ok(closed.themes.every((t) => t.phrases.length === 0));
    assert.deepEqual(closed.quotes, []);
    const few = findThemes(
      texts.slice(0, 4).map((text) => ({ text, quotable: true })),
      analyse,
      priorities,
      K,
    );
    assert.deepEqual(few.themes, [], 'four answers: no theme at all');
  });

  it('shows a poll’s figures only once it is closed, and never an author-only poll', () => {
    const now = '2026-11-23T09:00:00.000Z';
    const closed = { status: 'closed' as const, closedAt: '2026-11-20T17:00:00.000Z', closesAt: '2026-11-20T17:00:00.000Z' };
    assert.equal(resultsFinal({ ...closed, visibility: 'live' }, now), true);
    assert.equal(resultsFinal({ ...closed, visibility: 'after-close' }, now), true);
    assert.equal(resultsFinal({ ...closed, visibility: 'after-answer' }, now), true);
    assert.equal(resultsFinal({ ...closed, visibility: 'author-only' }, now), false);
    assert.equal(resultsFinal({ status: 'open', closesAt: '2026-11-20T17:00:00.000Z', visibility: 'live' }, now), false, 'past its time, not yet closed');
    assert.equal(resultsFinal({ ...closed, visibility: 'live' }, '2026-11-19T09:00:00.000Z'), false, 'not closed at the time asked');
  });
});
