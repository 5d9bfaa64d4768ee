import assert from 'node:assert/strict';
import { botUnderTest, STORES, sayInChat } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { AHP_COMMUNITY, channelMention, LEAD, type PersonFixture, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity } from '../support/test-app';
import { WAITING_AND_STAFFING_WEEK as WEEK } from '../support/theme-weeks';

const person = (i: number): PersonFixture => ({
  userId: `29:1themes-${i}`,
  aadObjectId: `7e3e0000-0000-4000-8000-00000000d${String(i).padStart(3, '0')}`,
  name: `Person Themes ${i}`,
});

for (const store of STORES) {
  describe(`Themes a reader would name (end to end, ${store} store)`, function () {
    this.timeout(120_000);
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId }, { store });

    it('reads a week of waiting lists and staffing as "waiting lists" (6, Easier access to support) and "staffing" (5), with no parking theme', async () => {
      await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll one-change quotes=yes'));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
      const posted = latestPostedCard(bot.connector, AHP_COMMUNITY.teamId);
      for (const [i, text] of WEEK.entries()) {
        const action = actionOnCard(bot.connector, posted, { fill: { 'Your answer': text }, press: 'Send answer' });
        const result = await postActivity(bot.url(), invokeOf(bot.connector, posted, person(i), action));
        assert.match(JSON.stringify(result.body), /Saved/);
      }
      assert.match((await sayInChat(bot, LEAD, `close ${pollId}`)).card, /closed/);

      const card = (await sayInChat(bot, LEAD, 'digest')).card;
      const facts = [...card.matchAll(/\{"title":"([^"]*)","value":"(\d+ answers · [^"]*)"\}/g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(facts, [
        ['waiting lists', '6 answers · Easier access to support'],
        ['staffing', '5 answers · Optimising care'],
      ]);
      assert.doesNotMatch(card, /"title":"(lists|staff|parking|patients)"/);
      assert.match(card, /12 open answers\. The themes mentioned by 5 or more answers/);
    });
  });
}
