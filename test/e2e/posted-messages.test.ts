import assert from 'node:assert/strict';
import https from 'node:https';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { CosmosClient } from '@azure/cosmos';
import { cosmosId } from '../../src/adapters/store/cosmos/internal/ids';
import { DATA_FILE_NAME } from '../../src/adapters/store/embedded/store';
import type { Poll } from '../../src/domain/poll';
import { botUnderTest, STORES } from '../support/bot-under-test';
import { act } from '../support/card-client';
import { AHP_COMMUNITY, cardActionInvoke, channelMention, LEAD, TENANT_ID } from '../support/teams-activities';
import { postActivity, startTestApp } from '../support/test-app';

const CHANNEL = '19:strategy@thread.tacv2';
const AHP = { userId: '29:1ahp000001', aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'AHP 1' };

/**
 * The messages a poll posts are the ones its later updates and deletes name: checked against a
 * fake connector that, like Teams, refuses an activity it never issued in that conversation.
 */
for (const store of STORES) {
  describe(`The messages a poll posted, updated and deleted where Teams put them [${store}]`, () => {
    const bot = botUnderTest({ LEAD_IDS: LEAD.aadObjectId, MIN_RESPONDENTS: '3', CARD_REFRESH_MS: '500', OUTBOX_INTERVAL_MS: '100' }, { store });

    async function startPoll(command: string): Promise<Poll> {
      const mention = channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, command);
      (mention.channelData as Record<string, unknown>).channel = { id: CHANNEL };
      assert.equal((await postActivity(bot.url(), mention)).status, 200);
      const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(bot.connector.activities.at(-1)!.activity.text))?.[1];
      assert.ok(pollId);
      return (await bot.app.store.polls.get(pollId))!;
    }

    const pollCards = () => bot.connector.cardsShown(CHANNEL).filter((c) => JSON.stringify(c.card).includes('Which draft priority matters most'));
    const notFound = () => bot.connector.requests.filter((r) => r.status === 404);

    /** An AHP taps a choice on the poll's card as the channel shows it (Action.Execute from its thread). */
    async function tapOnCard(poll: Poll, choice: string): Promise<void> {
      const thread = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: poll.postings[0]!.conversationId };
      const tap = act(pollCards()[0]!.card, { press: choice });
      const channelData = { tenant: { id: TENANT_ID }, team: { id: AHP_COMMUNITY.teamId }, channel: { id: CHANNEL } };
      assert.equal((await postActivity(bot.url(), cardActionInvoke(bot.connector.url, thread, AHP, tap.verb, tap.data, channelData))).status, 200);
    }

    /** Makes the store look as the previous release left it: the posting names the thread, not the card. */
    async function asStoredByTheOldCode(poll: Poll): Promise<void> {
      const posting = poll.postings[0]!;
      const old: Poll = { ...poll, postings: [{ ...posting, activityId: posting.conversationId }], version: poll.version + 1 };
      assert.ok(await bot.app.store.polls.update(old, poll.version));
      await bot.app.stop();
      if (store === 'embedded') {
        const db = new DatabaseSync(path.join(bot.data.dir, DATA_FILE_NAME));
        // The schema of the release before the repair step: schema 4, the outbox keyed by poll_id, no audit log, no answer counts.
        db.exec(
          'DROP TRIGGER answer_counts_insert; DROP TRIGGER answer_counts_update; DROP TRIGGER answer_counts_delete; DROP TABLE answer_counts; DROP TABLE used_tokens; DROP TABLE audit; ALTER TABLE conversation_state DROP COLUMN updated_at; ALTER TABLE deliveries RENAME COLUMN subject TO poll_id; PRAGMA user_version = 4',
        );
        db.close();
      } else {
        const client = new CosmosClient({ endpoint: bot.cosmos!.endpoint, key: bot.cosmos!.key, agent: new https.Agent({ rejectUnauthorized: false }) });
        const marker = cosmosId('migration:posting-activity-ids');
        await client.database(bot.env.COSMOS_DATABASE!).container('claims').item(marker, marker).delete();
        client.dispose();
      }
      bot.app = await startTestApp(bot.data.dir, bot.env);
    }

    it('records the activity id Teams returned for a new thread, and updates that message', async () => {
      const poll = await startPoll('poll top-priority results=live');
      const posting = poll.postings[0]!;
      const created = bot.connector.activities.find((a) => a.method === 'create')!;
      assert.equal(posting.activityId, created.id);
      assert.equal(posting.conversationId, `${CHANNEL};messageid=${created.id}`);
      await bot.app.work.flushCardUpdates();
      assert.equal(pollCards().length, 1);
      assert.deepEqual(notFound(), []);
    });

    it('repairs postings stored by the previous release, once, so their updates and recalls reach the card', async () => {
      const poll = await startPoll('poll top-priority results=live');
      const cardId = poll.postings[0]!.activityId;
      await asStoredByTheOldCode(poll);
      const repaired = (await bot.app.store.polls.get(poll.id))!;
      assert.equal(repaired.postings[0]!.activityId, cardId, 'the card id, from the thread id');

      await tapOnCard(repaired, 'Easier access to support');
      await bot.app.work.flushCardUpdates();
      assert.match(JSON.stringify(pollCards()[0]!.card), /1 answer ·/, 'the update reached the card');

      await postActivity(bot.url(), channelMention(bot.connector.url, AHP_COMMUNITY, LEAD, `recall ${poll.id}`));
      await bot.app.work.drainOutbox(async () => (await bot.app.store.deliveries.listForPoll(poll.id)).some((d) => d.kind === 'delete' && d.status === 'sent'));
      assert.deepEqual(pollCards(), [], 'the recall deleted the card');
      assert.deepEqual(notFound(), []);
    });

    it('records an update Teams refused as failed, with the reason, never as sent', async () => {
      const poll = await startPoll('poll top-priority results=live');
      bot.connector.blocked.add(poll.postings[0]!.conversationId.split(';')[0]!);
      await tapOnCard(poll, 'Easier access to support');
      await bot.app.work.flushCardUpdates();
      const updates = (await bot.app.store.deliveries.listForPoll(poll.id)).filter((d) => d.kind === 'update');
      assert.equal(updates.length, 1);
      assert.equal(updates[0]!.status, 'failed');
      assert.match(updates[0]!.lastError ?? '', /403/);
    });
  });
}
