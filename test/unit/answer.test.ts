import assert from 'node:assert/strict';
import { describeAnswer, parseAnswer } from '../../src/domain/answer';
import { CONTENT, pollOf } from '../support/poll-fixtures';

const PRIORITIES = CONTENT.catalog.priorities.map((p) => p.id);
const problem = (result: ReturnType<typeof parseAnswer>) => (result.ok ? 'ok' : result.problem);

describe('Answers (domain)', () => {
  it('takes one option for single choice, and refuses one the poll does not have', () => {
    const poll = pollOf('single');
    assert.deepEqual(parseAnswer(poll, { choice: 'access' }, PRIORITIES), { ok: true, value: { kind: 'single', optionId: 'access' } });
    assert.match(problem(parseAnswer(poll, { choice: 'nonsense' }, PRIORITIES)), /not part of this poll/);
    assert.match(problem(parseAnswer(poll, {}, PRIORITIES)), /choose one option/);
    assert.match(problem(parseAnswer(poll, { choice: ['access'] }, PRIORITIES)), /not in a form I understand/);
  });

  it("takes up to maxPicks for multiple choice, from Teams' comma-separated value or a list, in the poll's order", () => {
    const poll = pollOf('multi');
    assert.equal(poll.maxPicks, 2);
    assert.deepEqual(parseAnswer(poll, { choices: 'optimising-care,access' }, PRIORITIES), {
      ok: true,
      value: { kind: 'multi', optionIds: ['access', 'optimising-care'] },
    });
    assert.match(problem(parseAnswer(poll, { choices: 'access,optimising-care,ahp-identity' }, PRIORITIES)), /at most 2; you chose 3/);
    assert.match(problem(parseAnswer(poll, { choices: 'access,access' }, PRIORITIES)), /chosen once/);
    assert.match(problem(parseAnswer(poll, { choices: 7 }, PRIORITIES)), /not in a form/);
    // Teams sends a multi-select as one comma-separated string: a JSON array is not what a client sends.
    assert.match(problem(parseAnswer(poll, { choices: ['access', 'optimising-care'] }, PRIORITIES)), /not in a form/);
  });

  it('takes a point on the agreement scale, including not sure', () => {
    const poll = pollOf('agreement');
    assert.deepEqual(parseAnswer(poll, { choice: 'not-sure' }, PRIORITIES), { ok: true, value: { kind: 'agreement', level: 'not-sure' } });
    assert.match(problem(parseAnswer(poll, { choice: 'meh' }, PRIORITIES)), /not one of the answers on the scale/);
  });

  it('needs every priority rated from 1 to 5', () => {
    const poll = pollOf('rating');
    const all = Object.fromEntries(PRIORITIES.map((id) => [`rate_${id}`, '4']));
    const parsed = parseAnswer(poll, all, PRIORITIES);
    assert.ok(parsed.ok && parsed.value.kind === 'rating' && parsed.value.ratings.access === 4);
    assert.match(problem(parseAnswer(poll, { ...all, rate_access: '6' }, PRIORITIES)), /from 1 to 5/);
    assert.match(problem(parseAnswer(poll, { ...all, rate_access: '2.5' }, PRIORITIES)), /from 1 to 5/);
    // Ratings are choices on the card, so Teams sends them as strings; a number is refused.
    assert.match(problem(parseAnswer(poll, { ...all, rate_access: 4 }, PRIORITIES)), /not in a form/);
    const { rate_access: _, ...missing } = all;
    assert.match(problem(parseAnswer(poll, missing, PRIORITIES)), /rate every priority, including "Easier access to support"/);
  });

  it('takes a top three in order with no repeats', () => {
    const poll = pollOf('rank');
    assert.deepEqual(parseAnswer(poll, { rank1: 'ahp-identity', rank2: 'access', rank3: 'full-potential' }, PRIORITIES), {
      ok: true,
      value: { kind: 'rank', ranked: ['ahp-identity', 'access', 'full-potential'] },
    });
    assert.match(problem(parseAnswer(poll, { rank1: 'access', rank2: 'access', rank3: 'x' }, PRIORITIES)), /appear once/);
  });

  it('takes free text up to 1,000 characters, optionally tagged with a known priority', () => {
    const poll = pollOf('open');
    assert.deepEqual(parseAnswer(poll, { text: '  More time with patients  ', priority: 'access' }, PRIORITIES), {
      ok: true,
      value: { kind: 'open', text: 'More time with patients', priorityId: 'access' },
    });
    assert.deepEqual(parseAnswer(poll, { text: 'x' }, PRIORITIES), { ok: true, value: { kind: 'open', text: 'x' } });
    assert.match(problem(parseAnswer(poll, { text: 'x'.repeat(1001) }, PRIORITIES)), /1000 characters; it has 1001/);
    assert.match(problem(parseAnswer(poll, { text: '   ' }, PRIORITIES)), /write your answer/);
    assert.match(problem(parseAnswer(poll, { text: 'x', priority: 'made-up' }, PRIORITIES)), /not one of the draft priorities/);
  });

  it('describes an answer in words for "Your answer: …"', () => {
    assert.equal(
      describeAnswer(pollOf('rank'), { kind: 'rank', ranked: ['access', 'ahp-identity', 'full-potential'] }),
      '1. Easier access to support; 2. Developing the AHP identity; 3. Delivering our full potential',
    );
    assert.equal(describeAnswer(pollOf('agreement'), { kind: 'agreement', level: 'strongly-disagree' }), 'Strongly disagree');
  });
});
