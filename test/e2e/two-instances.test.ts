import assert from 'node:assert/strict';
import { botUnderTest } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { AHP_COMMUNITY, channelMention, LEAD, type PersonFixture } from '../support/teams-activities';
import { postActivity, startTestApp } from '../support/test-app';

/**
 * Two instances of the bot on one Cosmos DB, as App Service runs them when scaled out, each
 * with its own caches: a person answering through both at once still has one answer, and the
 * count is right. The create-first write relies on Cosmos DB's 409 for this.
 */
describe('Answers to two instances at once (end to end, Cosmos DB store)', function () {
  this.timeout(120_000);
  const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '100' }, { store: 'cosmos', once: true });

  it('keeps one answer per person, whichever instance each of their answers reached', async () => {
    const second = await startTestApp(bot.data.dir, bot.env);
    try {
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority anonymous=no'));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
      const posted = latestPostedCard(bot.connector, AHP_COMMUNITY.teamId);
      const people: PersonFixture[] = Array.from({ length: 20 }, (_, i) => ({
        userId: `29:1two${i}`,
        aadObjectId: `00000000-0000-4000-8000-0000000720${String(i).padStart(2, '0')}`,
        name: `Two ${i}`,
      }));
      const tap = (who: PersonFixture, press: string) => invokeOf(bot.connector, posted, who, actionOnCard(bot.connector, posted, { press }));
      // Each person taps two different choices on the card, one reaching each instance, at the same moment.
      const taps = people.map((who) => [tap(who, 'Easier access to support'), tap(who, 'Communication, collaboration and integration')] as const);
      const results = await Promise.all(taps.flatMap(([first, second_]) => [postActivity(bot.url(), first), postActivity(second.server.url, second_)]));
      // Whichever lands first, the later tap (by Teams' timestamp) is the one kept: the earlier is
      // saved, then replaced, or refused as older than the answer already saved; never both kept.
      for (const r of results) {
        assert.equal(r.status, 200);
        assert.match(JSON.stringify(r.body), /Saved\. You can change your answer|A newer answer of yours was already saved/);
      }
      const stored = await bot.app.store.responses.list(pollId);
      assert.equal(stored.length, people.length, 'one answer per person');
      assert.deepEqual(new Set(stored.map((r) => r.aadObjectId)), new Set(people.map((p) => p.aadObjectId)));
      for (const [i, who] of people.entries()) {
        const kept = stored.find((r) => r.aadObjectId === who.aadObjectId)!;
        const [first, later] = taps[i]!;
        const newest = String(first.timestamp) > String(later.timestamp) ? first : later;
        assert.equal(kept.answeredAt, newest.timestamp, `${who.name}: the later tap is kept`);
        if (first.timestamp !== later.timestamp) {
          assert.equal(kept.value.kind === 'single' && kept.value.optionId, newest === first ? 'access' : 'joined-up-care');
        }
      }
      assert.equal(await second.store.responses.count(pollId), people.length);
    } finally {
      await second.stop();
    }
  });
});
