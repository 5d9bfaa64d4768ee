import assert from 'node:assert/strict';
import { lowerSentenceStarts, undouble, winkAnalyser } from '../../src/adapters/nlp/wink-analyser';
import { findThemes, type OpenAnswer } from '../../src/domain/themes';
import { priorityWordsOf } from '../support/digest-fixtures';
import { WAITING_AND_STAFFING_WEEK } from '../support/theme-weeks';

const analyser = winkAnalyser();
const analyse = (text: string) => analyser.analyse(text);
const priorities = [...priorityWordsOf(analyser).values()];
const week = (texts: readonly string[], extra: Partial<OpenAnswer> = {}): OpenAnswer[] => texts.map((text) => ({ text, quotable: true, ...extra }));
const shown = (texts: readonly string[], k = 5, extra: Partial<OpenAnswer> = {}) =>
  findThemes(week(texts, extra), analyse, priorities, k).themes.map((t) => [t.label, t.answers, t.priorityId ?? 'no clear priority']);

describe('Reading an answer (the wink-nlp analyser)', () => {
  const keys = (text: string) => analyse(text).phrases.map((p) => p.key);

  it('merges word forms through the Porter2 stemmer, a final double consonant made single', () => {
    assert.equal(undouble('staff'), 'staf');
    assert.equal(undouble('list'), 'list');
    assert.equal(undouble('access'), 'acces');
    assert.deepEqual(keys('We need more staff.'), keys('We need more staffing.'));
    assert.deepEqual(keys('The waiting list.'), keys('The waiting lists.'));
    assert.deepEqual(keys('One therapist.'), keys('Two therapists.'));
    assert.notDeepEqual(keys('More therapists.'), keys('More therapy.'), 'different stems stay apart');
  });

  it('keeps "waiting lists" whole wherever it stands, and finds "staff" where the small model tags it a verb', () => {
    for (const text of ['Waiting lists are far too long.', 'Reduce waiting lists please.', 'Patients on waiting lists get worse.', 'Shorter waiting lists.']) {
      assert.ok(
        analyse(text).phrases.some((p) => p.key.endsWith('wait list') && p.compounds?.includes('wait list')),
        `${text}: ${JSON.stringify(analyse(text).phrases)}`,
      );
    }
    assert.deepEqual(keys('We do not have enough staff.'), ['staf']);
    assert.deepEqual(keys('Staff are exhausted and leaving.'), ['staf']);
    assert.deepEqual(analyse('Better IT systems please.').phrases[0]?.compounds, ['it system'], 'an acronym is a word, never the stop word "it"');
    assert.ok(!keys('The shortages are hurting care.').includes('hurt care'), 'an -ing word after an auxiliary is a verb');
  });

  it('says which phrases follow a preposition, and which pairs of words are compounds', () => {
    const [lists, physio] = analyse('Waiting lists for physio.').phrases;
    assert.equal(lists?.afterPreposition, undefined);
    assert.deepEqual(lists?.compounds, ['wait list']);
    assert.equal(physio?.afterPreposition, true);
    assert.equal(analyse('Better access.').phrases[0]?.compounds, undefined, 'a comparison is no compound');
  });

  it('lower-cases an ordinary capitalised word that starts a sentence, never an acronym', () => {
    assert.equal(lowerSentenceStarts('Staff are tired. Waiting lists grow! NHS IT is slow.'), 'staff are tired. waiting lists grow! NHS IT is slow.');
  });
});

describe('Themes a reader would name', () => {
  const WEEK = WAITING_AND_STAFFING_WEEK;

  it('names the week of #29 as a reader would: "waiting lists" for access and "staffing", no "lists", no parking', () => {
    assert.deepEqual(shown(WEEK), [
      ['waiting lists', 6, 'access'],
      ['staffing', 5, 'optimising-care'],
    ]);
  });

  it('names merged forms by the derived noun (staffing) and otherwise by the form most wrote', () => {
    const texts = ['We need more staff.', 'Staff are leaving.', 'No staff at weekends.', 'Staffing is the issue.', 'Staffing levels are low.'];
    assert.equal(shown(texts)[0]?.[0], 'staffing');
    const lists = ['The waiting list is long.', 'The waiting list grows.', 'A waiting list for all.', 'Waiting lists are long.', 'Waiting list times.'];
    assert.equal(shown(lists)[0]?.[0], 'waiting list');
  });

  it('joins compounds that begin with the same word, named by the commonest if it has half the answers, else by that word', () => {
    const texts = [
      'Waiting lists are too long.',
      'The waiting lists grow.',
      'Waiting lists for children.',
      'Waiting times for scans.',
      'Waiting times are a disgrace.',
      'Digital tools for home exercise.',
      'Digital records shared with GPs.',
      'Digital referrals instead of faxes.',
      'Digital photos of wounds.',
      'Digital theatre lists.',
    ];
    const themes = findThemes(week(texts), analyse, priorities, 5).themes;
    assert.deepEqual(
      themes.map((t) => [t.label, t.answers]),
      [
        ['digital', 5], // no one of its compounds has half its answers: named by the word they share
        ['waiting lists', 5], // "waiting lists" has three of the five
      ],
    );
    assert.deepEqual(themes[1]?.phrases, [], '"waiting times" is in two answers, fewer than K');
  });

  it('makes no theme of a word people use whatever they write about, nor of one that follows a preposition', () => {
    const texts = [
      'Waiting lists hurt patients.',
      'Waiting lists are long for patients.',
      'Waiting lists mean patients suffer.',
      'Waiting lists for patients.',
      'Waiting lists again.',
      'Parking costs patients a fortune.',
      'Parking for patients is awful.',
      'Parking is too dear for patients.',
      'Parking at the hospital.',
      'Parking fees.',
      'Travel is hard for patients.',
    ];
    const labels = shown(texts).map(([label]) => label);
    assert.deepEqual(labels.sort(), ['parking', 'waiting lists']);
    const after = ['Better access for carers.', 'More time for carers.', 'Respite for carers.', 'Training for carers.', 'Money for carers.'];
    assert.deepEqual(shown(after), [], 'five answers that say "for carers" are about five things');
  });

  it('keeps a priority people chose, maps by distinctive words otherwise, and says when no priority is clear', () => {
    const chosen = shown(['Waiting lists are long.', 'Waiting lists grow.', 'Cut the waiting lists.', 'Waiting lists hurt.', 'Waiting lists again.'], 5, {
      priorityId: 'ahp-identity',
    });
    assert.deepEqual(chosen, [['waiting lists', 5, 'ahp-identity']], 'the answers chose it');
    const vague = shown(['Uniforms that fit.', 'New uniforms.', 'Uniforms are awful.', 'Uniforms again.', 'Nicer uniforms please.']);
    assert.deepEqual(vague, [['uniforms', 5, 'no clear priority']]);
  });

  it('needs K answers for a theme, and K answers from polls that allow quoting for its words', () => {
    assert.deepEqual(shown(WEEK.slice(0, 4)), []);
    const closed = findThemes(week(WEEK, { quotable: false }), analyse, priorities, 5);
    assert.deepEqual(
      closed.themes.map((t) => [t.label, t.answers]),
      [
        ['list', 6],
        ['staffing', 5],
      ],
      'named by the dictionary form of the noun, not by what people wrote',
    );
    assert.deepEqual(closed.quotes, []);
  });
});
