import assert from 'node:assert/strict';
import type { TeamInstallation } from '../../src/domain/installation';
import { botUnderTest, STORES } from '../support/bot-under-test';
import {
  AHP_COMMUNITY,
  channelEvent,
  LEAD,
  personalBotAdded,
  personalConversationId,
  personalInstallationUpdate,
  teamBotAdded,
  teamBotRemoved,
  teamInstallationUpdate,
} from '../support/teams-activities';
import { postActivity } from '../support/test-app';

const CHANNELS = [
  { id: AHP_COMMUNITY.teamId },
  { id: '19:physio@thread.tacv2', name: 'Physiotherapy' },
  { id: '19:paramedics@thread.tacv2', name: 'Paramedics' },
];

for (const store of STORES) {
  describe(`Installing the bot (end to end, real server, fake Bot Connector) [${store}]`, () => {
    const bot = botUnderTest({}, { store, connector: { teams: [{ id: AHP_COMMUNITY.teamId, name: AHP_COMMUNITY.name, channels: CHANNELS }] } });
    const url = () => bot.url();

    it('sends exactly one welcome card when Teams sends both install activities, and records the team and its channels', async () => {
      const results = await Promise.all([
        postActivity(url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY)),
        postActivity(url(), teamBotAdded(bot.connector.url, AHP_COMMUNITY)),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200],
      );

      const welcomes = bot.connector.cards(AHP_COMMUNITY.teamId);
      assert.equal(welcomes.length, 1, 'one welcome card reached the connector');
      assert.match(JSON.stringify(welcomes[0]!.card), /Welcome to AHP Pulse/);
      assert.match(JSON.stringify(welcomes[0]!.card), /AHP Community/);

      const team = (await bot.app.store.installations.get(`team:${AHP_COMMUNITY.teamId}`)) as TeamInstallation;
      assert.equal(team.kind, 'team');
      assert.equal(team.status, 'active');
      assert.equal(team.teamName, 'AHP Community');
      assert.equal(team.serviceUrl, bot.connector.url);
      assert.equal(team.tenantId, '72f988bf-0000-4000-8000-00000000a11e');
      assert.deepEqual(
        team.channels.map((c) => c.name),
        ['General', 'Paramedics', 'Physiotherapy'],
      );
      assert.equal((team.address.conversation as { id: string }).id, AHP_COMMUNITY.teamId);
    });

    it('keeps the team record across a restart on the same DATA_DIR', async () => {
      await postActivity(url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
      await bot.restart();
      const team = (await bot.app.store.installations.get(`team:${AHP_COMMUNITY.teamId}`)) as TeamInstallation;
      assert.equal(team?.teamName, 'AHP Community');
      assert.equal(team.channels.length, 3);

      // And the welcome is not sent again when Teams repeats the install after the restart.
      await postActivity(url(), teamBotAdded(bot.connector.url, AHP_COMMUNITY));
      assert.equal(bot.connector.cards(AHP_COMMUNITY.teamId).length, 1);
    });

    it('records the General channel alone when Teams will not list the channels', async () => {
      bot.connector.failingChannelLists.add(AHP_COMMUNITY.teamId);
      const result = await postActivity(url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
      assert.equal(result.status, 200);
      const team = (await bot.app.store.installations.get(`team:${AHP_COMMUNITY.teamId}`)) as TeamInstallation;
      assert.deepEqual(team.channels, [{ id: AHP_COMMUNITY.teamId, name: 'General' }]);
      assert.equal(bot.connector.cards(AHP_COMMUNITY.teamId).length, 1);
    });

    it('follows channels being created, renamed and deleted, and the team being renamed', async () => {
      await postActivity(url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
      await postActivity(url(), channelEvent(bot.connector.url, AHP_COMMUNITY, 'channelCreated', { id: '19:ot@thread.tacv2', name: 'OT' }));
      await postActivity(url(), channelEvent(bot.connector.url, AHP_COMMUNITY, 'channelRenamed', { id: '19:ot@thread.tacv2', name: 'Occupational therapy' }));
      await postActivity(url(), channelEvent(bot.connector.url, AHP_COMMUNITY, 'channelDeleted', { id: '19:paramedics@thread.tacv2' }));
      await postActivity(url(), channelEvent(bot.connector.url, AHP_COMMUNITY, 'teamRenamed', { id: AHP_COMMUNITY.teamId, name: 'AHP Voices' }));

      const team = (await bot.app.store.installations.get(`team:${AHP_COMMUNITY.teamId}`)) as TeamInstallation;
      assert.equal(team.teamName, 'AHP Voices');
      assert.deepEqual(
        team.channels.map((c) => c.name),
        ['General', 'Occupational therapy', 'Physiotherapy'],
      );
    });

    it('marks the team removed on uninstall, and welcomes it again when it is reinstalled', async () => {
      await postActivity(url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY));
      await postActivity(url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY, 'remove'));
      await postActivity(url(), teamBotRemoved(bot.connector.url, AHP_COMMUNITY));
      const removed = await bot.app.store.installations.get(`team:${AHP_COMMUNITY.teamId}`);
      assert.equal(removed?.status, 'removed');
      assert.ok(removed?.removedAt);

      await postActivity(url(), teamBotAdded(bot.connector.url, AHP_COMMUNITY));
      const again = await bot.app.store.installations.get(`team:${AHP_COMMUNITY.teamId}`);
      assert.equal(again?.status, 'active');
      assert.equal(bot.connector.cards(AHP_COMMUNITY.teamId).length, 2, 'one welcome per installation');
    });

    it("records a personal install with the person's conversation reference and welcomes them once", async () => {
      await Promise.all([
        postActivity(url(), personalInstallationUpdate(bot.connector.url, LEAD)),
        postActivity(url(), personalBotAdded(bot.connector.url, LEAD)),
      ]);
      const person = await bot.app.store.installations.get(`personal:${LEAD.aadObjectId}`);
      assert.equal(person?.kind, 'personal');
      assert.equal((person!.address.conversation as { id: string }).id, personalConversationId(LEAD));
      const welcomes = bot.connector.cards(personalConversationId(LEAD));
      assert.equal(welcomes.length, 1);
      assert.match(JSON.stringify(welcomes[0]!.card), /Hello Priya Lead/);
    });
  });
}
