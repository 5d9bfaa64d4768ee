import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { VERBS } from '../../src/cards/verbs';
import { botUnderTest, STORES, sayInChat } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard, type PostedCard } from '../support/card-answers';
import {
  AHP_COMMUNITY,
  cardActionInvoke,
  channelMention,
  LEAD,
  type PersonFixture,
  personalConversationOf,
  personalInstallationUpdate,
  personalMessage,
  teamInstallationUpdate,
} from '../support/teams-activities';
import { memoryLogger, postActivity, startTestApp } from '../support/test-app';

const ADMIN: PersonFixture = { userId: '29:1admin-my-data', aadObjectId: '00000000-0000-4000-8000-0000000ad000', name: 'Ada Admin' };
/** The person who asks for their data, and then has it erased. Distinctive, so a scan cannot find them by chance. */
const SAM: PersonFixture = { userId: '29:1samokafor-erase-me', aadObjectId: '5a3e0000-0000-4000-8000-00000000e7a5', name: 'Samira Okafor-Quill' };

/** Every place `needles` occur in `haystack`, case-insensitively, as [needle, a little context]. */
function findIn(haystack: string, needles: readonly string[]): string[] {
  const lower = haystack.toLowerCase();
  return needles
    .filter((n) => lower.includes(n.toLowerCase()))
    .map((n) => `${n} … ${haystack.slice(Math.max(0, lower.indexOf(n.toLowerCase()) - 60), lower.indexOf(n.toLowerCase()) + 60)}`);
}

for (const store of STORES) {
  describe(`A person sees and erases what is held about them (end to end, ${store} store)`, function () {
    this.timeout(120_000);
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, ADMIN_IDS: ADMIN.aadObjectId, OUTBOX_INTERVAL_MS: '100' }, { store });

    const say = (text: string, who: PersonFixture = SAM) => sayInChat(bot, who, text);
    const startPoll = async (args: string) => {
      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, `poll ${args}`));
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))![1]!;
      return { pollId, posted: latestPostedCard(bot.connector, AHP_COMMUNITY.teamId) };
    };
    /** Taps a choice on the poll's card, as the channel shows it. */
    const answer = async (who: PersonFixture, poll: { posted: PostedCard }) => {
      const action = actionOnCard(bot.connector, poll.posted, { press: 'Easier access to support' });
      const result = await postActivity(bot.url(), invokeOf(bot.connector, poll.posted, who, action));
      assert.match(JSON.stringify(result.body), /Saved/);
    };

    /** Everything the store holds, as text: the embedded store's files byte for byte, or every document of every Cosmos DB container. */
    async function everythingStored(): Promise<string> {
      if (store === 'embedded') {
        return fs
          .readdirSync(bot.data.dir)
          .map((f) => fs.readFileSync(path.join(bot.data.dir, f)).toString('latin1'))
          .join('\n');
      }
      const client = new CosmosClient({
        endpoint: bot.env.COSMOS_ENDPOINT!,
        key: bot.env.COSMOS_KEY!,
        ...(bot.cosmos?.insecure ? { agent: new https.Agent({ rejectUnauthorized: false }) } : {}),
      });
      const texts: string[] = [];
      const { resources: containers } = await client.database(bot.env.COSMOS_DATABASE!).containers.readAll().fetchAll();
      for (const container of containers) {
        const { resources } = await client.database(bot.env.COSMOS_DATABASE!).container(container.id).items.readAll().fetchAll();
        texts.push(JSON.stringify(resources));
      }
      client.dispose();
      return texts.join('\n');
    }

    it('shows them everything held, then erases it all when they confirm: nothing of them is left in the store', async () => {
      // Sam installs the bot in the team (the team's stored conversation reference names Sam), and in a personal chat.
      await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY, 'add', SAM));
      await postActivity(bot.url(), personalInstallationUpdate(bot.connector.url, SAM));
      const profile = await postActivity(
        bot.url(),
        cardActionInvoke(bot.connector.url, personalConversationOf(SAM), SAM, VERBS.saveProfile, { profession: 'orthoptist' }),
      );
      assert.equal(profile.status, 200);
      assert.match((await say('digest subscribe')).text, /You are subscribed/);
      assert.match((await say(`lead add ${SAM.aadObjectId} ${SAM.name}`, ADMIN)).text, /is now a lead/);
      const named = await startPoll('top-priority anonymous=no');
      const anonymous = await startPoll('top-priority anonymous=yes');
      await answer(SAM, named);
      await answer(SAM, anonymous);
      await answer(LEAD, anonymous);
      await bot.app.work.flushCardUpdates();

      const mine = await say('my data');
      assert.match(mine.card, /What AHP Pulse holds about you/);
      assert.match(mine.card, /Profession: Orthoptist/);
      assert.match(mine.card, new RegExp(`Named answers \\(with your name\\): 1: ${named.pollId}`));
      assert.match(mine.card, /Anonymous answers: 1\./);
      assert.match(mine.card, /Weekly digest: subscribed since/);
      assert.match(mine.card, /professional lead \(added in the bot/);
      assert.match((await say('my data', LEAD)).card, /Anonymous answers: 1\..*Weekly digest: not subscribed/, 'each person sees their own');
      const inChannel = await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, SAM, 'my data'));
      assert.equal(inChannel.status, 200);
      assert.match(String(bot.connector.activities.at(-1)!.activity.text), /private/, 'never in a channel');

      const needles = [SAM.aadObjectId, SAM.userId, SAM.name];
      assert.ok(findIn(await everythingStored(), needles).length > 0, 'the scan finds Sam before the erasure (so it can find Sam)');

      assert.match((await say('delete my data')).text, /cannot be undone\. To go ahead, write "delete my data confirm"/);
      assert.equal(await bot.app.store.responses.count(named.pollId), 1, 'asking changes nothing');
      const erased = await say('delete my data confirm');
      assert.match(erased.card, /Your data is erased/);
      assert.match(erased.card, /Erased: 1 named and 1 anonymous answer/);
      assert.match(erased.card, /Digests already published are totals of at least K people/);
      await bot.app.work.flushCardUpdates();

      assert.equal(await bot.app.store.responses.count(named.pollId), 0);
      assert.equal(await bot.app.store.responses.count(anonymous.pollId), 1, 'the lead’s anonymous answer stays');
      assert.deepEqual(findIn(await everythingStored(), needles), [], 'no trace of Sam in the store');

      // Once an hour, once a minute: a second ask is answered without the store.
      assert.match((await say('delete my data confirm')).text, /Your data was erased less than an hour ago/);
      assert.match((await say('my data')).text, /You asked a moment ago\. Write "my data" again after \d\d:\d\d UTC/);

      const audit = await say('audit', ADMIN);
      assert.match(audit.card, /data\.deleted · pn:/);
      assert.deepEqual(findIn(audit.card, needles), [], 'the audit record names Sam by a pseudonym only');
    });
  });
}

describe('Logs carry no names and no raw object ids (end to end)', () => {
  const logger = memoryLogger();
  const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, ADMIN_IDS: ADMIN.aadObjectId });
  it('names people by their keyed pseudonym only', async () => {
    // The bot under test logs to a memory logger of its own; start it again with one whose lines we keep.
    await bot.app.stop();
    bot.app = await startTestApp(bot.data.dir, bot.env, { logger });
    await postActivity(bot.url(), personalInstallationUpdate(bot.connector.url, SAM));
    await postActivity(bot.url(), teamInstallationUpdate(bot.connector.url, AHP_COMMUNITY, 'add', SAM));
    await postActivity(bot.url(), personalMessage(bot.connector.url, SAM, 'digest subscribe'));
    await postActivity(bot.url(), personalInstallationUpdate(bot.connector.url, SAM, 'remove'));
    const lines = JSON.stringify(logger.lines);
    assert.ok(logger.lines.length > 2, 'the bot logged something');
    assert.deepEqual(findIn(lines, [SAM.aadObjectId, SAM.userId, SAM.name]), []);
    assert.match(lines, /pn:/, 'a pseudonym stands in');
  });
});
