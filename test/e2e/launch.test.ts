import assert from 'node:assert/strict';
import type { Delivery } from '../../src/domain/delivery';
import type { TeamInstallation } from '../../src/domain/installation';
import { botUnderTest } from '../support/bot-under-test';
import type { FakeConnector, FakeTeam } from '../support/fake-connector';
import { busiestSecond } from '../support/request-windows';
import { LEAD, personalConversationId, personalInstallationUpdate, personalMessage, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity } from '../support/test-app';
import { teamsOf } from '../support/three-instances';

/** `count` teams of `channels` channels each, as Teams would list them. */
const teams = (count: number, channels: number, prefix = 't'): FakeTeam[] => teamsOf(count, channels, prefix);

async function install(url: string, connector: FakeConnector, list: FakeTeam[]): Promise<void> {
  for (const team of list) {
    const result = await postActivity(url, teamInstallationUpdate(connector.url, { teamId: team.id, name: team.name, aadGroupId: 'g' }));
    assert.equal(result.status, 200);
  }
}

async function say(url: string, connector: FakeConnector, text: string): Promise<string> {
  await postActivity(url, personalMessage(connector.url, LEAD, text));
  const reply = connector.activities.filter((a) => a.conversationId === personalConversationId(LEAD)).at(-1)!;
  return String(reply.activity.text ?? JSON.stringify(reply.activity.attachments));
}

const pollIdIn = (text: string) => /poll (p[0-9a-f]+)/.exec(text)?.[1] ?? assert.fail(`no poll id in: ${text}`);
const posts = (connector: FakeConnector) => connector.activities.filter((a) => a.method === 'create');
const settled = (deliveries: Delivery[]) => deliveries.filter((d) => d.kind === 'post').every((d) => d.status === 'sent' || d.status === 'failed');

describe('Launching a poll to many channels (end to end, fake Teams with its limits)', function () {
  this.timeout(180_000);

  describe('to 1,000 channels across 50 teams', () => {
    const fifty = teams(50, 20);
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '200' }, { connector: { teams: fifty, serverErrorEvery: 97 } });

    it("posts exactly one card in every reachable channel within Teams' limits, retries 5xx, and gives up on 403 with the reason", async () => {
      await install(bot.url(), bot.connector, fifty);
      const blocked = [fifty[3]!.channels[5]!.id, fifty[40]!.channels[0]!.id];
      for (const id of blocked) bot.connector.blocked.add(id);
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // let the welcomes' second pass

      const reply = await say(bot.url(), bot.connector, 'launch top-priority to=all');
      assert.match(reply, /Launching poll p[0-9a-f]+ to 1000 channels in 50 teams, now/);
      const pollId = pollIdIn(reply);
      const started = Date.now();
      await bot.app.work.drainOutbox(async () => settled(await bot.app.store.deliveries.listForPoll(pollId)));
      const seconds = (Date.now() - started) / 1000;

      const cards = posts(bot.connector).filter((a) => JSON.stringify(a.activity).includes('Which draft priority matters most'));
      const perChannel = new Map<string, number>();
      for (const card of cards) perChannel.set(card.conversationId, (perChannel.get(card.conversationId) ?? 0) + 1);
      const channels = fifty.flatMap((t) => t.channels.map((c) => c.id));
      for (const id of channels) assert.equal(perChannel.get(id) ?? 0, blocked.includes(id) ? 0 : 1, id);

      const deliveries = (await bot.app.store.deliveries.listForPoll(pollId)).filter((d) => d.kind === 'post');
      assert.equal(deliveries.filter((d) => d.status === 'sent').length, 998);
      const failed = deliveries.filter((d) => d.status === 'failed');
      assert.deepEqual(failed.map((d) => d.target.channelId).sort(), [...blocked].sort());
      for (const d of failed) assert.match(d.lastError!, /403/);
      const team3 = (await bot.app.store.installations.get(`team:${fifty[3]!.id}`)) as TeamInstallation;
      assert.ok(team3.channels.find((c) => c.id === blocked[0])?.unreachableSince, 'the channel is marked unreachable');

      assert.equal(
        bot.connector.requests.filter((r) => r.status === 429).length,
        0,
        `no request broke Teams' limits: ${JSON.stringify(bot.connector.requests.filter((r) => r.status === 429))}`,
      );
      const creates = bot.connector.requests.filter((r) => r.method === 'POST' && r.path === '/v3/conversations').map((r) => r.at);
      assert.ok(busiestSecond(creates) <= 50, `busiest second: ${busiestSecond(creates)}`);
      assert.ok(seconds >= 19, `${seconds.toFixed(1)} s: no faster than 50 a second allows`);

      const status = await say(bot.url(), bot.connector, `status ${pollId}`);
      assert.match(status, /Sent 998, pending 0, failed 2/);
      assert.match(status, /403/);
    });
  });

  describe('when the worker dies mid-way', () => {
    const ten = teams(10, 20, 'k');
    const bot = botUnderTest(
      { LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '100', OUTBOX_LEASE_MS: '1000', INSTANCE_ID: 'first' },
      { connector: { teams: ten } },
    );

    it('resumes after a restart: nothing lost, and nothing recorded as sent is sent again', async () => {
      await install(bot.url(), bot.connector, ten);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const pollId = pollIdIn(await say(bot.url(), bot.connector, 'launch rank to=all'));

      let sentBefore: string[] = [];
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        const deliveries = await bot.app.store.deliveries.listForPoll(pollId);
        sentBefore = deliveries.filter((d) => d.kind === 'post' && d.status === 'sent').map((d) => d.target.channelId);
        if (sentBefore.length >= 60) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      bot.app.work.killWorker();
      const snapshot = await bot.app.store.deliveries.listForPoll(pollId);
      sentBefore = snapshot.filter((d) => d.kind === 'post' && d.status === 'sent').map((d) => d.target.channelId);
      const inFlight = snapshot.filter((d) => d.status === 'sending').length;
      assert.ok(sentBefore.length >= 60 && sentBefore.length < 200, `killed mid-way: ${sentBefore.length} sent`);

      await bot.restart({ INSTANCE_ID: 'second' });
      await bot.app.work.drainOutbox(async () => settled(await bot.app.store.deliveries.listForPoll(pollId)));

      const perChannel = new Map<string, number>();
      for (const card of posts(bot.connector).filter((a) => JSON.stringify(a.activity).includes('top three'))) {
        perChannel.set(card.conversationId, (perChannel.get(card.conversationId) ?? 0) + 1);
      }
      const channels = ten.flatMap((t) => t.channels.map((c) => c.id));
      for (const id of channels) assert.ok((perChannel.get(id) ?? 0) >= 1, `${id} got its card`);
      for (const id of sentBefore) assert.equal(perChannel.get(id), 1, `${id} was recorded as sent before the crash: not sent again`);
      const duplicates = [...perChannel.values()].reduce((sum, n) => sum + n - 1, 0);
      assert.ok(duplicates <= inFlight, `${duplicates} sent twice, at most the ${inFlight} in flight at the crash`);
      const deliveries = await bot.app.store.deliveries.listForPoll(pollId);
      assert.equal(deliveries.filter((d) => d.status === 'sent').length, 200);
    });
  });

  describe('scheduled, cancelled and recalled', () => {
    const two = teams(2, 3, 's');
    const ADMIN = { ...LEAD, aadObjectId: '44444444-4444-4444-8444-444444444444', userId: '29:admin', name: 'Admin' };
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, ADMIN_IDS: ADMIN.aadObjectId, OUTBOX_INTERVAL_MS: '100' }, { connector: { teams: two } });

    it('holds a scheduled launch until its time, and a cancelled one never goes', async () => {
      await install(bot.url(), bot.connector, two);
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const reply = await say(bot.url(), bot.connector, `launch top-priority to="Team s1" at=${later}`);
      assert.match(reply, /to 3 channels in 1 team, on /);
      const pollId = pollIdIn(reply);
      await bot.app.work.drainOutbox();
      assert.equal(posts(bot.connector).length, 0, 'nothing before its time');
      assert.match(await say(bot.url(), bot.connector, `cancel ${pollId}`), /3 pending posts called off/);
      const deliveries = await bot.app.store.deliveries.listForPoll(pollId);
      assert.ok(deliveries.every((d) => d.status === 'cancelled'));
      assert.equal((await bot.app.store.polls.get(pollId))!.status, 'closed');
    });

    it('recalls a posted poll: its cards are deleted from the channels', async () => {
      await install(bot.url(), bot.connector, two);
      const pollId = pollIdIn(await say(bot.url(), bot.connector, 'launch top-priority to=all'));
      await bot.app.work.drainOutbox(async () => settled(await bot.app.store.deliveries.listForPoll(pollId)));
      assert.equal(posts(bot.connector).length, 6);
      assert.match(await say(bot.url(), bot.connector, `recall ${pollId}`), /6 posted cards being deleted/);
      await bot.app.work.drainOutbox(async () =>
        (await bot.app.store.deliveries.listForPoll(pollId)).filter((d) => d.kind === 'delete').every((d) => d.status === 'sent'),
      );
      assert.equal(bot.connector.activities.filter((a) => a.method === 'delete').length, 6);
      for (const channel of two.flatMap((t) => t.channels)) {
        const polls = bot.connector.cardsShown(channel.id).filter((c) => JSON.stringify(c.card).includes('Which draft priority matters most'));
        assert.deepEqual(polls, [], `${channel.id} shows the poll's card no more`);
      }
      assert.equal(bot.connector.requests.filter((r) => r.status === 404).length, 0, 'every delete named a message Teams issued');
      const status = await say(bot.url(), bot.connector, `status ${pollId}`);
      assert.match(status, /Sent 6, pending 0, failed 0/);
      assert.match(status, /Recalled: 6 cards of 6 deleted/);
    });

    it('shows a launch’s status to its author and admins only', async () => {
      await install(bot.url(), bot.connector, two);
      const pollId = pollIdIn(await say(bot.url(), bot.connector, 'launch top-priority to="Team s0"'));
      const other = { ...LEAD, aadObjectId: '55555555-5555-4555-8555-555555555555', userId: '29:otherlead', name: 'Other Lead' };
      await bot.restart({ LEAD_IDS: `${LEAD.aadObjectId},${other.aadObjectId}` });
      const ask = async (who: typeof LEAD) => {
        const before = bot.connector.activities.length;
        await postActivity(bot.url(), personalMessage(bot.connector.url, who, `status ${pollId}`));
        return JSON.stringify(bot.connector.activities.slice(before).map((a) => a.activity));
      };
      assert.match(await ask(other), /Only the poll’s author or an admin can see where it was sent/);
      assert.doesNotMatch(await ask(other), /Sent \d/);
      assert.match(await ask(LEAD), /Sent \d+, pending \d+, failed \d+/);
      assert.match(await ask(ADMIN), /Sent \d+, pending \d+, failed \d+/);
    });

    it('launches to a team by name only when one team has it: a team renamed to another’s name is refused, and the id says which', async () => {
      await install(bot.url(), bot.connector, two);
      // Team s1 is renamed "Team s0" in Teams: the bot hears of it from a conversation update.
      const renamed = { teamId: two[1]!.id, name: 'Team s0', aadGroupId: 'g' };
      await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, renamed));
      const ambiguous = await say(bot.url(), bot.connector, 'launch top-priority to="Team s0"');
      assert.match(ambiguous, /2 teams are called "Team s0": say which by its id/);
      assert.equal(posts(bot.connector).length, 0);
      const byId = await say(bot.url(), bot.connector, `launch top-priority to="${two[1]!.id}"`);
      assert.match(byId, /to 3 channels in 1 team, now/);
    });

    it('tells the lead in their chat, once, when a launch has finished: what was sent, what failed and why', async () => {
      await install(bot.url(), bot.connector, two);
      await postActivity(bot.url(), personalInstallationUpdate(bot.connector.url, LEAD));
      const blocked = two[0]!.channels[1]!.id;
      bot.connector.blocked.add(blocked);
      const pollId = pollIdIn(await say(bot.url(), bot.connector, 'launch top-priority to="Team s0"'));
      const chat = personalConversationId(LEAD);
      const reports = () => bot.connector.cardsShown(chat).filter((c) => JSON.stringify(c.card).includes(`Your launch of poll ${pollId} has finished`));
      await bot.app.work.drainOutbox(async () => reports().length > 0);
      await bot.app.work.drainOutbox(); // and nothing more comes
      assert.equal(reports().length, 1);
      const report = JSON.stringify(reports()[0]!.card);
      assert.match(report, /went to 2 of 3 channels/);
      assert.match(report, /1 failed: the bot can no longer post here \(403/);
    });

    it('lets an admin add a lead, who can then launch, and remove them again', async () => {
      const sam = { ...LEAD, aadObjectId: '33333333-3333-4333-8333-333333333333', userId: '29:sam', name: 'Sam' };
      await install(bot.url(), bot.connector, two);
      const ask = async (who: typeof LEAD, text: string) => {
        await postActivity(bot.url(), personalMessage(bot.connector.url, who, text));
        return String(bot.connector.activities.at(-1)!.activity.text);
      };
      assert.match(await ask(sam, 'launch top-priority'), /Only professional leads and admins/);
      assert.match(await ask(sam, `lead add ${sam.aadObjectId}`), /Only AHP Pulse admins/);
      assert.match(await ask(ADMIN, `lead add ${sam.aadObjectId} Sam Physio`), /Sam Physio is now a lead/);
      assert.match(await ask(ADMIN, 'leads'), new RegExp(`Sam Physio \\(${sam.aadObjectId}, added by ${ADMIN.aadObjectId}`));
      assert.match(await ask(sam, 'launch top-priority to=all'), /Launching poll p[0-9a-f]+ to 6 channels/);
      assert.match(await ask(ADMIN, `lead remove ${sam.aadObjectId}`), /no longer a lead/);
      assert.match(await ask(sam, 'launch top-priority'), /Only professional leads and admins/);
    });

    it('refuses someone who is not a lead', async () => {
      const other = { ...LEAD, aadObjectId: '22222222-2222-4222-8222-222222222222', userId: '29:other' };
      await postActivity(bot.url(), personalMessage(bot.connector.url, other, 'launch top-priority'));
      // The reply in their own chat (the outbox may still be sending elsewhere meanwhile).
      const reply = bot.connector.activities.filter((a) => a.conversationId === personalConversationId(other)).at(-1);
      assert.match(String(reply?.activity.text), /Only professional leads and admins can launch polls/);
    });
  });
});
