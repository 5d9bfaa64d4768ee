import assert from 'node:assert/strict';
import { CardRefresher } from '../../src/application/polls/card-refresher';
import { ResultsCache } from '../../src/application/polls/results-cache';
import { tally } from '../../src/domain/results';
import { pollOf } from '../support/poll-fixtures';
import { memoryLogger } from '../support/test-app';

describe('Results (domain)', () => {
  it('counts single-choice answers with percentages of respondents', () => {
    const results = tally(pollOf('single'), [
      { kind: 'single', optionId: 'access' },
      { kind: 'single', optionId: 'access' },
      { kind: 'single', optionId: 'ahp-identity' },
    ]);
    assert.equal(results.kind, 'counts');
    assert.equal(results.respondents, 3);
    const byId = Object.fromEntries(results.rows.map((r) => [r.id, [r.count, (r as { percent: number }).percent]]));
    assert.deepEqual(byId.access, [2, 67]);
    assert.deepEqual(byId['ahp-identity'], [1, 33]);
    assert.deepEqual(byId['full-potential'], [0, 0]);
  });

  it('counts each pick of a multiple choice, so percentages can add up past 100', () => {
    const results = tally(pollOf('multi'), [
      { kind: 'multi', optionIds: ['access', 'ahp-identity'] },
      { kind: 'multi', optionIds: ['access'] },
    ]);
    const access = results.rows.find((r) => r.id === 'access') as { count: number; percent: number };
    assert.deepEqual([access.count, access.percent], [2, 100]);
  });

  it('counts the agreement scale in order, with not sure last', () => {
    const results = tally(pollOf('agreement'), [
      { kind: 'agreement', level: 'agree' },
      { kind: 'agreement', level: 'not-sure' },
    ]);
    assert.deepEqual(
      results.rows.map((r) => r.id),
      ['strongly-agree', 'agree', 'neutral', 'disagree', 'strongly-disagree', 'not-sure'],
    );
  });

  it('averages ratings per priority, to one decimal place, highest first', () => {
    const poll = pollOf('rating');
    const rate = (access: number, other: number) => ({
      kind: 'rating' as const,
      ratings: Object.fromEntries(poll.options.map((o) => [o.id, o.id === 'access' ? access : other])),
    });
    const results = tally(poll, [rate(5, 2), rate(4, 2), rate(4, 3)]);
    assert.equal(results.kind, 'rating');
    const first = results.rows[0] as unknown as { id: string; mean: number; counts: number[] };
    assert.equal(first.id, 'access');
    assert.equal(first.mean, 4.3);
    assert.deepEqual(first.counts, [0, 0, 0, 2, 1]);
  });

  it('scores rankings 3, 2, 1 and breaks ties by first places', () => {
    const results = tally(pollOf('rank'), [
      { kind: 'rank', ranked: ['access', 'ahp-identity', 'full-potential'] },
      { kind: 'rank', ranked: ['ahp-identity', 'full-potential', 'access'] },
    ]);
    const rows = results.rows as unknown as { id: string; points: number; firstPlaces: number }[];
    assert.deepEqual(
      rows.slice(0, 3).map((r) => [r.id, r.points, r.firstPlaces]),
      [
        ['ahp-identity', 5, 1],
        ['access', 4, 1],
        ['full-potential', 3, 0],
      ],
    );
  });

  it('counts open answers by the priority people tagged', () => {
    const results = tally(
      pollOf('open'),
      [
        { kind: 'open', text: 'a', priorityId: 'access' },
        { kind: 'open', text: 'b', priorityId: 'access' },
        { kind: 'open', text: 'c' },
      ],
      new Map([['access', 'Easier access to support']]),
    );
    assert.deepEqual(
      results.rows.map((r) => [r.label, (r as { count: number }).count]),
      [
        ['Easier access to support', 2],
        ['No priority chosen', 1],
      ],
    );
  });
});

describe('Recent results (ResultsCache)', () => {
  it('lets the answers that arrive during a recount share it, and recounts for the shared card', async () => {
    const cache = new ResultsCache(60_000);
    const poll = pollOf('single');
    let recounts = 0;
    let finish: (n: number) => void = () => undefined;
    const recount = () => {
      recounts++;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const waiting = [cache.respondents(poll, false, recount), cache.respondents(poll, false, recount), cache.respondents(poll, false, recount)];
    assert.equal(recounts, 1);
    finish(7);
    assert.deepEqual(await Promise.all(waiting), [7, 7, 7]);
    cache.answerCreated(poll.id);
    assert.equal(await cache.respondents(poll, false, recount), 8, 'an answer made here counts at once');
    const fresh = cache.respondents(poll, true, recount);
    assert.equal(recounts, 2, 'the shared card always recounts');
    finish(9);
    assert.equal(await fresh, 9);
    assert.equal(await cache.respondents(poll, false, recount), 9);
  });

  it('keeps recounting a big poll to a tenth of the time: a slow recount is reused ten times as long, and the shared card waits as long', async () => {
    const cache = new ResultsCache(50);
    const poll = pollOf('single');
    let recounts = 0;
    const slowRecount = async () => {
      recounts++;
      // 45 ms asked: a timer may fire a millisecond early by the clock, and the gap must still be ten times 40 or more.
      await new Promise((resolve) => setTimeout(resolve, 45));
      return tally(poll, [{ kind: 'single', optionId: 'access' }]);
    };
    await cache.get(poll, true, slowRecount);
    const gap = cache.minimumGapMs(poll.id);
    assert.ok(gap >= 400 && gap < 2_000, `the next recount waits ten times the last one's 40 ms or more (${gap} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // older than maxAgeMs, younger than the gap
    await cache.get(poll, false, slowRecount);
    assert.equal(recounts, 1, 'a person’s view reuses the slow count while it is younger than the gap');
    assert.equal(cache.minimumGapMs('never-counted'), 0);
  });
});

describe('Card refreshes (CardRefresher)', () => {
  it('waits between a poll’s refreshes at least the interval, or longer when its recount asks for it', async () => {
    const runs: Record<string, number[]> = { small: [], big: [] };
    const started = Date.now();
    const refresher = new CardRefresher(
      30,
      async (pollId) => {
        runs[pollId]!.push(Date.now() - started);
      },
      memoryLogger(),
      (pollId) => (pollId === 'big' ? 300 : 0),
    );
    for (const pollId of ['small', 'big']) refresher.request(pollId);
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const pollId of ['small', 'big']) refresher.request(pollId); // an answer after each first refresh
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(runs.small!.length, 2, 'the small poll refreshed again after its 30 ms');
    assert.equal(runs.big!.length, 1, 'the big poll has not yet: it waits 300 ms');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(runs.big!.length, 2, 'and then refreshes: the last answer is always shown');
    assert.ok(runs.big![1]! - runs.big![0]! >= 290);
    await refresher.stop();
  });
});
