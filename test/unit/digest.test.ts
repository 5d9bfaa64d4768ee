import assert from 'node:assert/strict';
import { winkAnalyser } from '../../src/adapters/nlp/wink-analyser';
import { latestDueWeek, publicationTime } from '../../src/application/digest/publish-digest';
import { loadCardRenderer } from '../../src/cards/card-renderer';
import { digestPresenter } from '../../src/cards/digest-card';
import { DigestBuilder, ParticipationCounter } from '../../src/domain/digest/builder';
import { parseWeekId, previousWeek, weekContaining, weekLabel } from '../../src/domain/digest/week';
import { SUPPRESSED, suppressedCells, WITHHELD } from '../../src/domain/suppression';
import { findThemes } from '../../src/domain/themes';
import { fixtureDigest, OPEN_TEXTS, priorityWordsOf, WEEK } from '../support/digest-fixtures';
import { CONTENT, pollOf } from '../support/poll-fixtures';

const analyser = winkAnalyser();
const analyse = (text: string) => analyser.analyse(text);
const priorityWords = priorityWordsOf(analyser);

const v = (value: number) => ({ value });
const S = SUPPRESSED;
/** Hidden so that another hidden figure cannot be worked out. */
const W = WITHHELD;

describe('Small numbers', () => {
  it('hides every cell from 1 to K-1 people; an empty cell protects no one and is shown', () => {
    assert.deepEqual(suppressedCells([12, 4, 0, 5], 5, false), [false, 'small', false, false]);
  });

  it('hides a second cell when one hidden cell could be worked out from the total and the others (the derived cell)', () => {
    // 10 + 7 + 2 = 19 is shown: hiding only the 2 leaves it as 19 - 10 - 7.
    assert.deepEqual(suppressedCells([10, 7, 2], 5, true), [false, 'derivable', 'small']);
  });

  it('keeps hiding, smallest first, until the hidden cells together come from K or more people, never an empty cell', () => {
    // The 3 alone would be the total less the others; the empty cells would not change that, so the 6 goes.
    assert.deepEqual(suppressedCells([12, 8, 3, 0, 6, 0, 0], 5, true), [false, false, 'small', false, 'derivable', false, false]);
    assert.deepEqual(suppressedCells([1, 1, 20], 5, true), ['small', 'small', 'derivable'], 'the rest would tell that the two hidden were 2 people');
  });

  it('hides nothing when no cell holds 1 to K-1 people, however many are empty', () => {
    assert.deepEqual(suppressedCells([7, 0, 0, 0, 8, 0], 5, true), [false, false, false, false, false, false]);
  });

  it('needs no second cell when nothing adds up to a shown total (multiple choice)', () => {
    assert.deepEqual(suppressedCells([10, 7, 2], 5, false), [false, false, 'small']);
  });

  it('hides nothing when every cell is large enough', () => {
    assert.deepEqual(suppressedCells([10, 7, 5], 5, true), [false, false, false]);
  });
});

describe('Digest weeks (UK time)', () => {
  it('runs Monday to Sunday in UK time, named by its Monday', () => {
    assert.deepEqual(weekContaining(new Date('2026-11-22T23:59:00Z')), WEEK);
    assert.equal(weekContaining(new Date('2026-11-23T00:00:00Z')).id, '2026-11-23');
  });

  it('follows the clock change: the week of 23 March 2026 starts at 00:00 GMT and ends at 00:00 BST (167 hours)', () => {
    assert.deepEqual(parseWeekId('2026-03-30'), { id: '2026-03-30', startsAt: '2026-03-29T23:00:00.000Z', endsAt: '2026-04-05T23:00:00.000Z' });
    assert.deepEqual(parseWeekId('2026-03-23'), { id: '2026-03-23', startsAt: '2026-03-23T00:00:00.000Z', endsAt: '2026-03-29T23:00:00.000Z' });
    assert.equal(weekContaining(new Date('2026-03-29T23:30:00Z')).id, '2026-03-30', '00:30 BST on Monday is the new week');
  });

  it('reads any date as its week, and refuses what is not a date', () => {
    assert.equal((parseWeekId('2026-11-19') as { id: string }).id, '2026-11-16');
    assert.match((parseWeekId('2026-02-30') as { problem: string }).problem, /not a date/);
    assert.match((parseWeekId('next week') as { problem: string }).problem, /YYYY-MM-DD/);
  });

  it('labels weeks for people', () => {
    assert.equal(weekLabel(WEEK), '16 to 22 November 2026');
    assert.equal(weekLabel(parseWeekId('2026-11-30') as never), '30 November to 6 December 2026');
    assert.equal(weekLabel(parseWeekId('2026-12-28') as never), '28 December 2026 to 3 January 2027');
  });

  it("publishes at the schedule's first time after the week ends: Monday 09:00 UK time by default, in summer too", () => {
    assert.equal(publicationTime('0 9 * * 1', WEEK).toISOString(), '2026-11-23T09:00:00.000Z');
    assert.equal(publicationTime('0 9 * * 1', parseWeekId('2026-06-08') as never).toISOString(), '2026-06-15T08:00:00.000Z');
    assert.equal(publicationTime('30 16 * * 5', WEEK).toISOString(), '2026-11-27T16:30:00.000Z', 'a Friday schedule: the Friday after');
    assert.equal(latestDueWeek('0 9 * * 1', new Date('2026-11-23T08:59:00Z'))?.id, '2026-11-09');
    assert.equal(latestDueWeek('0 9 * * 1', new Date('2026-11-23T09:00:00Z'))?.id, '2026-11-16');
  });
});

describe('The weekly digest, from fixed answers (K = 5)', () => {
  const digest = fixtureDigest();
  const poll = (id: string) => digest.polls.find((p) => p.id === id)!;
  const rows = (id: string) => poll(id).rows.map((r) => [r.id, r.value]);

  it("covers the polls open in the week, most answered first, and not last week's", () => {
    assert.deepEqual(
      digest.polls.map((p) => [p.id, p.respondents]),
      [
        ['pa', v(29)],
        ['pb', v(25)],
        ['pg', v(10)],
        ['pd', v(7)],
        ['pc', v(6)],
        ['pf', S],
      ],
    );
  });

  it('counts answers given (each change too) and distinct people', () => {
    assert.deepEqual([poll('pa').responses, poll('pa').respondents], [v(31), v(29)]);
  });

  it('shows a single choice with the small cells hidden, and the cell that would give them away hidden too', () => {
    assert.deepEqual(rows('pa'), [
      ['access', v(12)],
      ['joined-up-care', v(8)],
      ['profile-of-roles', S],
      ['develop-and-innovate', v(0)], // nobody: nothing to protect
      ['optimising-care', W], // 6 people, but 29 - 12 - 8 - 0 - 0 - 0 would give the 3 who chose profile
      ['ahp-identity', v(0)],
      ['full-potential', v(0)],
    ]);
    assert.deepEqual(poll('pa').rows[0]!.percent, v(41));
  });

  it('shows agreement levels from 5 people up', () => {
    assert.deepEqual(rows('pb'), [
      ['strongly-agree', v(6)],
      ['agree', v(12)],
      ['neutral', S],
      ['disagree', S],
      ['strongly-disagree', v(0)],
      ['not-sure', S], // the three hidden hold 1 + 4 + 2 = 7: none can be worked out
    ]);
    assert.deepEqual(
      rows('pg').filter(([, c]) => !('value' in (c as object) && (c as { value: number }).value === 0)),
      [
        ['agree', W],
        ['disagree', S],
      ],
      '6 agree and 4 disagree, the rest empty: the 4 would be the total less the 6',
    );
  });

  it('averages ratings given by 5 or more, counting only answers first given in the week', () => {
    assert.deepEqual(rows('pc').slice(0, 3), [
      ['access', v(4.3)],
      ['optimising-care', v(2.5)],
      ['joined-up-care', S],
    ]);
  });

  it('suppresses every figure of a poll that fewer than 5 answered', () => {
    assert.deepEqual([poll('pf').responses, poll('pf').rows], [S, []]);
  });

  it('counts participation by profession against last week, with the small and the derivable cells hidden', () => {
    const p = digest.participation;
    assert.deepEqual([p.responses, p.previous, p.change], [v(80), v(20), v(60)]);
    assert.deepEqual(
      p.byProfession.map((r) => [r.title, r.responses, r.previous, r.change]),
      [
        ['Dietitian', W, v(0), W], // 6, hidden so that the 3 "not stated" cannot be worked out
        ['Occupational therapist', v(11), v(0), v(11)], // last week nobody: nothing to hide
        ['Paramedic', v(28), v(10), v(18)], // last week 10 of 20, beside empty cells: none under 5
        ['Physiotherapist', v(32), v(10), v(22)],
        ['Profession not stated', S, v(0), S],
      ],
    );
  });

  it('ranks the draft priorities by support from the figures shown only', () => {
    assert.deepEqual(
      digest.priorities.map((p) => [p.id, p.support]),
      [
        ['access', v(58)], // (12 + 18 + 6 x 0.833) / (29 + 25 + 6)
        ['optimising-care', v(38)], // rated 2.5 of 5 by 6: (2.5 - 1) / 4
        ['joined-up-care', v(28)], // 8 of 29
        ['full-potential', v(0)], // nobody picked these in poll A: 0 of 29, nothing to hide; by title
        ['develop-and-innovate', v(0)],
        ['ahp-identity', v(0)], // poll G does not count: its agree cell is hidden
        ['profile-of-roles', W], // 3 picked it in poll A: its support would give them away
      ],
    );
  });

  it('finds where every profession with enough answers agrees, and where they differ most', () => {
    assert.deepEqual(
      digest.agree.map((s) => [s.pollId, s.direction, s.shares.map((x) => `${x.profession} ${x.percent}`)]),
      // Dietitians (2) are too few to count; occupational therapists (5) are withheld too, or the
      // two dietitians' answers would be the poll's total less the three professions shown.
      [['pb', 'agree', ['Physiotherapist 80', 'Paramedic 75']]],
    );
    assert.deepEqual(
      digest.differ.map((s) => [s.pollId, s.spread, s.shares.map((x) => `${x.profession} ${x.percent}`)]),
      [['pg', 80, ['Physiotherapist 100', 'Paramedic 20']]],
    );
  });

  it('finds the themes of what people wrote with counts and a priority, and quotes only a quotable answer', () => {
    assert.deepEqual(digest.themes.openAnswers, v(7));
    assert.deepEqual(
      digest.themes.themes.map((t) => [t.label, t.answers, t.priorityId]),
      [['waiting lists', 6, 'access']], // named by the phrase all six used, never by "lists"; "staff shortages" is in two, fewer than K
    );
    assert.ok(digest.themes.hidden > 0, 'themes from fewer than 5 answers are not shown');
    assert.deepEqual(digest.themes.quotes, ['Cut the waiting lists by funding more clinic time.']);
  });

  it('changes with K: at K = 3 every cell of the single choice shows, as none holds 1 or 2 people', () => {
    const k3 = fixtureDigest(3).polls.find((p) => p.id === 'pa')!.rows;
    assert.deepEqual(
      k3.map((r) => [r.id, r.value]),
      [
        ['access', v(12)],
        ['joined-up-care', v(8)],
        ['profile-of-roles', v(3)],
        ['develop-and-innovate', v(0)],
        ['optimising-care', v(6)],
        ['ahp-identity', v(0)],
        ['full-potential', v(0)],
      ],
    );
  });
});

describe('Themes and quotes', () => {
  const answers = (texts: readonly string[], quotable = true) => texts.map((text) => ({ text, quotable }));

  it('reads an even, repeatable sample of a week with many open answers, says so, and still needs K answers in it', () => {
    const week = { id: '2026-11-16', startsAt: '2026-11-16T00:00:00.000Z', endsAt: '2026-11-23T00:00:00.000Z' };
    const poll = pollOf('open', {
      id: 'po',
      allowQuotes: true,
      createdAt: '2026-11-16T09:00:00.000Z',
      closesAt: '2026-11-20T17:00:00.000Z',
      status: 'closed',
      closedAt: '2026-11-20T17:00:00.000Z',
    });
    const run = () => {
      const builder = new DigestBuilder(week, CONTENT.catalog, 5, { analyse, priorityWords, sampleRate: 0.1 });
      builder.addPoll(poll, true);
      for (let i = 0; i < 2_000; i++) {
        const text =
          i % 2 === 0
            ? 'Shorter waiting lists for our patients.'
            : i % 500 === 1
              ? 'More funding for rare equipment.'
              : 'Better digital records in the community.';
        builder.addResponse({
          pollId: 'po',
          respondentKey: `k${i}`,
          value: { kind: 'open', text },
          answeredAt: '2026-11-17T10:00:00.000Z',
          firstAnsweredAt: '2026-11-17T10:00:00.000Z',
          revision: 0,
        });
      }
      return builder.finish({ previous: new ParticipationCounter(previousWeek(week)), computedAt: new Date('2026-11-23T09:00:00Z') }).themes;
    };
    const themes = run();
    assert.deepEqual(themes.openAnswers, v(2_000), 'every open answer is counted');
    assert.ok(themes.sampled !== undefined && themes.sampled > 150 && themes.sampled < 250, `about a tenth read: ${themes.sampled}`);
    const mentions = themes.themes.reduce((sum, t) => sum + t.answers, 0);
    assert.ok(mentions <= themes.sampled! * 2, 'themes count answers in the sample');
    const named = JSON.stringify(themes.themes);
    assert.match(named, /list/);
    assert.match(named, /record/);
    assert.ok(!themes.themes.some((t) => /equipment|funding/.test(t.label)), 'four answers in 2,000 never make a theme, sampled or not');
    assert.deepEqual(run(), themes, 'the same week gives the same sample');
    const card = JSON.stringify(digestPresenter(loadCardRenderer()).digestCard({ ...fixtureDigest(), themes }, { title: 'Digest' }));
    assert.match(card, new RegExp(`2,000 open answers\\. Themes from an even random sample of ${themes.sampled} of them\\.`));
  });

  it('never quotes an answer with a name, an email, a link, a mention or a number, nor one from a poll that does not allow it', () => {
    const texts = [
      'Ask Dr Smith about the waiting lists in Leeds.',
      'Email me at a@b.com about waiting lists.',
      'See https://example.org for waiting lists.',
      'Waiting lists of 52 weeks are normal here.',
      '@team waiting lists are the problem.',
    ];
    const summary = findThemes(answers(texts), analyse, [], 3);
    assert.equal(summary.themes[0]?.answers, 5);
    assert.deepEqual(summary.quotes, []);
    assert.deepEqual(
      findThemes(
        answers(
          OPEN_TEXTS.map((t) => t.text),
          false,
        ),
        analyse,
        [],
        3,
      ).quotes,
      [],
    );
  });

  it('maps a theme nobody tagged to the priority whose own words it shares', () => {
    const texts = ['Career progression for band 5 staff.', 'Clear career progression routes.', 'More career development and progression.'];
    const summary = findThemes(answers(texts), analyse, [...priorityWords.values()], 3);
    assert.deepEqual(
      summary.themes.map((t) => [t.label, t.priorityId]),
      [['progression', 'full-potential']], // "career progression" is in two answers, fewer than K = 3
    );
  });
});
