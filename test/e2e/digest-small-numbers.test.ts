import assert from 'node:assert/strict';
import { botUnderTest, STORES, sayInChat } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { act } from '../support/card-client';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  channelMention,
  LEAD,
  type PersonFixture,
  personalConversationOf,
  teamInstallationUpdate,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const person = (i: number): PersonFixture => ({
  userId: `29:1small-${i}`,
  aadObjectId: `5a3e0000-0000-4000-8000-00000000c${String(i).padStart(3, '0')}`,
  name: `Person Small ${i}`,
});

for (const store of STORES) {
  describe(`The digest hides nothing that protects no one (end to end, ${store} store)`, function () {
    this.timeout(120_000);
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId }, { store });

    /** Sets a profession from the profile card, as a client fills it. */
    const declare = async (who: PersonFixture, profession: string) => {
      const card = JSON.parse((await sayInChat(bot, who, 'profession')).card) as unknown;
      const action = act(card, { fill: { Profession: profession }, press: 'Save' });
      const result = await postActivity(bot.url(), cardActionInvoke(bot.connector.url, personalConversationOf(who), who, action.verb, action.data));
      assert.match(JSON.stringify(result.body), /saved|Saved/);
    };

    it('15 people, 7 strongly agree and 8 strongly disagree: every level, the support (47) and the reweighted support (72, effective sample 10) are shown', async () => {
      await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'poll agree priority=access'));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
      const posted = latestPostedCard(bot.connector, AHP_COMMUNITY.teamId);
      // Physiotherapists 5, all strongly agreeing; paramedics 10, 2 strongly agreeing and 8 strongly disagreeing.
      const people = Array.from({ length: 15 }, (_, i) => person(i));
      for (const [i, who] of people.entries()) {
        await declare(who, i < 5 ? 'Physiotherapist' : 'Paramedic');
        const press = i < 7 ? 'Strongly agree' : 'Strongly disagree';
        const result = await postActivity(bot.url(), invokeOf(bot.connector, posted, who, actionOnCard(bot.connector, posted, { press })));
        assert.match(JSON.stringify(result.body), /Saved/);
      }
      assert.match((await sayInChat(bot, LEAD, `close ${pollId}`)).card, /closed/);

      const card = (await sayInChat(bot, LEAD, 'digest')).card;
      assert.match(card, /"title":"Strongly agree","value":"7 \(47%\)"/);
      assert.match(card, /"title":"Strongly disagree","value":"8 \(53%\)"/);
      assert.match(card, /"title":"Agree","value":"0 \(0%\)"/);
      assert.match(card, /"title":"Easier access to support","value":"47 \(1 poll\)"/);
      assert.match(card, /"title":"Easier access to support","value":"47 as answered · 72 reweighted \(effective sample 10\)"/);
      assert.doesNotMatch(card, /No priority was asked about/);
      assert.doesNotMatch(card, /Strongly agree","value":"suppressed/);
      assert.doesNotMatch(card, /fewer than 5\)/, 'nothing is said to be from fewer than 5 people');
    });
  });
}
