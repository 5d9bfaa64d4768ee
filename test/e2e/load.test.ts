import assert from 'node:assert/strict';
import { measure } from '../../bench/harness';
import { VERBS } from '../../src/cards/verbs';
import { tally } from '../../src/domain/results';
import { botUnderTest, STORES } from '../support/bot-under-test';
import { AHP_COMMUNITY, cardActionInvoke, channelMention, LEAD, TENANT_ID } from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const PEOPLE = 400;
const CHOICES = ['access', 'joined-up-care', 'optimising-care', 'ahp-identity', 'full-potential'];

/** A deterministic shuffle, so a failure can be replayed. */
function shuffle<T>(items: T[], seed = 7): T[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

for (const store of STORES) {
  describe(`Answers under load (end to end) [${store}]`, function () {
    this.timeout(120_000);
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, MIN_RESPONDENTS: '3', CARD_REFRESH_MS: '2000' }, { once: true, store });

    it('counts 1,000+ concurrent answers from hundreds of people exactly: Teams retries are not counted twice, changed answers replace earlier ones', async () => {
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority results=live'));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
      const poll = (await bot.app.store.polls.get(pollId))!;
      const thread = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: poll.postings[0]!.conversationId };
      const channelData = { tenant: { id: TENANT_ID }, team: { id: AHP_COMMUNITY.teamId }, channel: { id: AHP_COMMUNITY.teamId } };

      const base = Date.now();
      const expected = new Map<string, string>();
      const activities: unknown[] = [];
      for (let n = 0; n < PEOPLE; n++) {
        const person = {
          userId: `29:1load${n}`,
          aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
          name: `Load ${n}`,
        };
        const answers = n % 3 === 0 ? 3 : n % 3 === 1 ? 2 : 1; // a third change their mind twice, a third once
        for (let k = 0; k < answers; k++) {
          const choice = CHOICES[(n + k * 2) % CHOICES.length]!;
          const activity = cardActionInvoke(bot.connector.url, thread, person, VERBS.answerPoll, { pollId, choice }, channelData) as Record<string, unknown>;
          activity.timestamp = new Date(base + n * 10 + k * 5_000).toISOString();
          activities.push(activity);
          if ((n + k) % 4 === 0) activities.push(activity); // Teams retrying the very same invoke
          expected.set(person.aadObjectId, choice);
        }
      }
      assert.ok(activities.length >= 1_000, `${activities.length} answers`);
      shuffle(activities);

      const result = await measure(activities.length, 200, async (i) => (await postActivity(bot.url(), activities[i])).status === 200);
      assert.equal(result.failures, 0);

      const responses = await bot.app.store.responses.list(pollId);
      assert.equal(responses.length, PEOPLE, 'one response per person');
      const counts = tally(
        poll,
        responses.map((r) => r.value),
      );
      const want = tally(
        poll,
        [...expected.values()].map((optionId) => ({ kind: 'single' as const, optionId })),
      );
      assert.deepEqual(counts, want, 'the stored tallies are the latest answers, exactly');

      await bot.app.work.flushCardUpdates();
      const updates = bot.connector.activities.filter((a) => a.method === 'update' && a.conversationId === thread.id);
      const finalCard = JSON.stringify(updates.at(-1)!.activity);
      assert.match(finalCard, new RegExp(`${PEOPLE} answers`));
      for (const row of want.kind === 'counts' ? want.rows : []) assert.ok(finalCard.includes(`${row.count} (${row.percent}%)`), row.label);
      assert.ok(updates.length <= Math.ceil(result.seconds / 2) + 2, `${updates.length} card updates in ${result.seconds.toFixed(1)} s: coalesced`);
      assert.equal(bot.connector.requests.filter((r) => r.status === 429).length, 0, "no request went over Teams' limits");
    });
  });
}
