import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs';
import { botUnderTest, STORES } from '../support/bot-under-test';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  channelMention,
  LEAD,
  personalConversationId,
  personalConversationOf,
  personalMessage,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

for (const store of STORES) {
  describe(`Talking to the bot (end to end) [${store}]`, () => {
    const ADMIN = { ...LEAD, userId: '29:1adminAAAA', aadObjectId: '44444444-4444-4444-8444-444444444444', name: 'Ade Admin' };
    const AHP = { ...LEAD, userId: '29:1ahpAAAA', aadObjectId: '55555555-5555-4555-8555-555555555555', name: 'Sam Physio' };
    const bot = botUnderTest(
      { LEAD_IDS: LEAD.aadObjectId, ADMIN_IDS: ADMIN.aadObjectId, SUPPORT_CONTACT: 'the AHP strategy team (ahp.pulse@example.nhs.uk)' },
      { store },
    );

    const url = () => bot.url();
    const lastCardText = (conversationId: string) => JSON.stringify(bot.connector.cards(conversationId).at(-1)?.card ?? null);

    it('answers "help" in a personal chat with the help card', async () => {
      const result = await postActivity(url(), personalMessage(bot.connector.url, LEAD, ' Help '));
      assert.equal(result.status, 200);
      assert.match(lastCardText(personalConversationId(LEAD)), /What AHP Pulse can do/);
      assert.match(lastCardText(personalConversationId(LEAD)), /Type a command here in our chat/);
    });

    it("tells an AHP how to answer and change an answer, what is kept about them and who runs the bot, without the leads' commands", async () => {
      await postActivity(url(), personalMessage(bot.connector.url, AHP, 'help'));
      const card = lastCardText(personalConversationId(AHP));
      assert.match(card, /Answering a poll/);
      assert.match(card, /your new answer replaces the old one/);
      assert.match(card, /What is kept about you/);
      assert.match(card, /Anonymous: your answer is kept with a code/);
      assert.match(card, /Named: your name and Teams identity are kept/);
      assert.match(card, /AHP Pulse is run by the AHP strategy team \(ahp.pulse@example.nhs.uk\)/);
      assert.match(card, /"title":"profession"/);
      for (const command of ['launch', 'compose', 'status', 'export', 'lead add']) assert.ok(!card.includes(`"title":"${command}`), `no ${command} for an AHP`);
      assert.ok(!card.includes('Write a new poll'), 'no form for an AHP');
    });

    it("shows the leads' commands to leads, and the admins' to admins only", async () => {
      await postActivity(url(), personalMessage(bot.connector.url, LEAD, 'help'));
      const lead = lastCardText(personalConversationId(LEAD));
      assert.match(lead, /"title":"launch /);
      assert.match(lead, /"title":"compose /);
      assert.match(lead, /"title":"Write a new poll"/);
      assert.ok(!lead.includes('"title":"lead add'), 'no admin command for a lead');
      await postActivity(url(), personalMessage(bot.connector.url, ADMIN, 'help'));
      const admin = lastCardText(personalConversationId(ADMIN));
      assert.match(admin, /"title":"launch /);
      assert.match(admin, /"title":"lead add /);
    });

    it('answers "@AHP Pulse help" in a channel with the help card, in that thread', async () => {
      const activity = channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, 'help');
      await postActivity(url(), activity);
      const conversationId = (activity.conversation as { id: string }).id;
      assert.match(lastCardText(conversationId), /What AHP Pulse can do/);
      assert.match(lastCardText(conversationId), /@mention AHP Pulse/);
    });

    it('answers a message it does not understand with the help card, not silence', async () => {
      await postActivity(url(), personalMessage(bot.connector.url, LEAD, 'what is the weather'));
      assert.match(lastCardText(personalConversationId(LEAD)), /What AHP Pulse can do/);
    });

    it('routes an Action.Execute through the verb table and returns the card in the invoke response', async () => {
      const result = await postActivity(url(), cardActionInvoke(bot.connector.url, personalConversationOf(LEAD), LEAD, VERBS.showHelp));
      assert.equal(result.status, 200);
      const body = result.body as { statusCode: number; type: string; value: unknown };
      assert.equal(body.statusCode, 200);
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      assert.match(JSON.stringify(body.value), /What AHP Pulse can do/);
    });

    it('answers an unknown verb with a clear error card, and changes nothing', async () => {
      const result = await postActivity(url(), cardActionInvoke(bot.connector.url, personalConversationOf(LEAD), LEAD, 'poll.delete-everything'));
      assert.equal(result.status, 200);
      const body = result.body as { type: string; value: unknown };
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      assert.match(JSON.stringify(body.value), /That button is not one I know/);
      assert.match(JSON.stringify(body.value), /poll\.delete-everything/);
      assert.deepEqual(await bot.app.store.installations.list(), []);
    });

    it('routes the Action.Submit fallback (a message carrying the verb) through the same table', async () => {
      await postActivity(url(), personalMessage(bot.connector.url, LEAD, '', { verb: VERBS.showHelp }));
      assert.match(lastCardText(personalConversationId(LEAD)), /What AHP Pulse can do/);
      await postActivity(url(), personalMessage(bot.connector.url, LEAD, '', { verb: 42 }));
      assert.match(lastCardText(personalConversationId(LEAD)), /That button is not one I know/);
    });

    it('refuses a body that is not an activity with 400 and says what is wrong', async () => {
      for (const body of ['[1,2]', '"text"', '{}', JSON.stringify({ type: 'message' })]) {
        const result = await postActivity(url(), body);
        assert.equal(result.status, 400, body);
        assert.equal((result.body as { error: string }).error, 'invalid_activity');
      }
      const malformed = await postActivity(url(), '{"type": "mess');
      assert.equal(malformed.status, 400);
    });

    it('refuses a body over 256 KB with 413', async () => {
      const huge = personalMessage(bot.connector.url, LEAD, 'x'.repeat(300 * 1024));
      const result = await postActivity(url(), huge);
      assert.equal(result.status, 413);
      assert.equal(bot.connector.activities.length, 0);
    });

    it('is alive on /healthz and ready on /readyz while the store answers, and 503 when it does not', async () => {
      assert.equal((await fetch(`${url()}/healthz`)).status, 200);
      assert.equal((await fetch(`${url()}/readyz`)).status, 200);
      await bot.app.store.close();
      const notReady = await fetch(`${url()}/readyz`);
      assert.equal(notReady.status, 503);
      // The reason names the store's file or endpoint: the log has it, the caller does not.
      assert.deepEqual(await notReady.json(), { status: 'unavailable' });
    });
  });
}
