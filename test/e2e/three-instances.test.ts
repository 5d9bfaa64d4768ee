import assert from 'node:assert/strict';
import { busiestSecond } from '../support/request-windows';
import { launchFromThreeInstances, teamsOf } from '../support/three-instances';

/**
 * Scaled out: three instances of the bot, each in its own process on one Cosmos DB, each with
 * its own launch (to a team of its own) at once. The tenant's budget (50 requests a second) is
 * shared through the store, so the three are paced as one. (Three launches to the same
 * channels also meet each channel's own limit: test/unit/delivery.test.ts.)
 */
describe('Three instances launching at once (end to end, separate processes, one Cosmos DB)', function () {
  this.timeout(180_000);

  it('paces the three launches as one: no second over 50, nothing lost, nothing twice, and near the limit', async () => {
    const teams = teamsOf(3, 200, 'three');
    const result = await launchFromThreeInstances(teams);
    assert.equal(result.channels, 600);
    const pollOfTeam = teams.map((team) => {
      const cards = team.channels.map((channel) => result.cardsPerChannel.get(channel.id) ?? []);
      for (const [c, posted] of cards.entries()) assert.equal(posted.length, 1, `${team.channels[c]!.id}: one card, not lost, not twice`);
      assert.equal(new Set(cards.flat()).size, 1, `${team.name}: one launch's card in every channel`);
      return cards[0]![0]!;
    });
    assert.deepEqual([...pollOfTeam].sort(), [...result.pollIds].sort(), 'each instance launched its own poll to its own team');
    assert.equal(result.creates.filter((r) => r.status === 429).length, 0, 'Teams throttled nothing');
    assert.ok(busiestSecond(result.creates.map((r) => r.at)) <= 50, `busiest second: ${busiestSecond(result.creates.map((r) => r.at))}`);
    // 600 posts at 50 a second: the first and the last 599 fiftieths of a second apart at best.
    const allowed = (600 - 1) / 50;
    assert.ok(result.seconds >= allowed * 0.99, `${result.seconds} s: no faster than the limit`);
    // The goal is 1.05 x. On a 2-core machine running three bots, the local Cosmos DB
    // server and this test (which is also the fake Teams), they share the CPU, and 600 posts
    // took 1.1 to 1.5 x; so the line here is 2 x, to catch a stall, not to time (three budgets
    // instead of one would finish in a third of the time and fail the checks above), and
    // `npm run bench` reports the figure at 1,000 channels (README, docs/scale.md).
    assert.ok(result.seconds <= allowed * 2, `${result.seconds} s against ${allowed} s allowed`);
  });
});
