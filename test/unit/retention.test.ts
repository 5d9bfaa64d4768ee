import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/adapters/store/embedded/store';
import { retentionJob } from '../../src/application/apply-retention';
import type { Store } from '../../src/application/ports/store';
import { newDelivery } from '../../src/domain/delivery';
import { response } from '../contract/store-contract';
import { ManualClock } from '../support/bot-deps';
import { type CosmosTarget, openTestCosmosStore, startCosmosTarget, uniqueDatabase } from '../support/cosmos-server';
import { fixtureDigest } from '../support/digest-fixtures';
import { memoryLogger, tempDir } from '../support/test-app';

const DAY = 86_400_000;
const target = { teamId: 'team', channelId: '19:c@thread.tacv2', tenantId: 'tenant', serviceUrl: 'https://smba/', address: { user: { name: 'Sam Physio' } } };

/** RETENTION_DAYS, on both stores, with a clock moved by hand: everything with personal data goes, and only that. */
for (const kind of ['embedded', 'cosmos'] as const) {
  describe(`Retention (${kind} store, a moved clock)`, function () {
    this.timeout(60_000);
    let store: Store;
    let cosmos: CosmosTarget | undefined;
    let data: ReturnType<typeof tempDir>;
    beforeEach(async () => {
      data = tempDir();
      if (kind === 'embedded') store = openSqliteStore(data.dir);
      else {
        cosmos = await startCosmosTarget();
        store = await openTestCosmosStore(cosmos, uniqueDatabase(), true, 0);
      }
    });
    afterEach(async () => {
      await store.close();
      await cosmos?.stop();
      data.remove();
    });

    it('deletes responses older than RETENTION_DAYS, at most once an hour, and never when it is 0', async () => {
      const clock = new ManualClock(new Date('2026-11-24T09:00:00.000Z'));
      await store.responses.save(response('p1', 'a', '2025-11-01T00:00:00.000Z'));
      await store.responses.save(response('p1', 'b', '2026-11-01T00:00:00.000Z'));
      assert.equal(await retentionJob({ store, clock, logger: memoryLogger() }, 0)(), undefined);
      const job = retentionJob({ store, clock, logger: memoryLogger() }, 365);
      assert.equal((await job())?.responses, 1);
      await store.responses.save(response('p1', 'c', '2025-01-01T00:00:00.000Z'));
      assert.equal(await job(), undefined, 'not again within the hour');
      clock.advance(3_600_000);
      assert.equal((await job())?.responses, 1);
      assert.deepEqual(
        (await store.responses.list('p1')).map((r) => r.respondentKey),
        ['b'],
      );
    });

    it('also deletes old conversation state and finished deliveries, and the quotes of old digests, keeping their figures', async () => {
      const now = Date.now();
      const clock = new ManualClock(new Date(now));
      const old = new Date(now - 40 * DAY).toISOString();
      const recent = new Date(now + 10 * DAY).toISOString(); // after the cutoff once the clock has moved
      await store.conversationState.write({ 'msteams/conversations/a:1/': { draft: { question: 'mine' } } });
      const sent = { ...newDelivery({ pollId: 'p1' }, 'post', target, old), status: 'sent' as const, updatedAt: old };
      const pending = newDelivery({ pollId: 'p1' }, 'update', { ...target, channelId: '19:d@thread.tacv2' }, old);
      const fresh = { ...newDelivery({ pollId: 'p2' }, 'post', target, recent), status: 'sent' as const, updatedAt: recent };
      await store.deliveries.enqueue([sent, pending, fresh]);
      const digest = fixtureDigest();
      assert.ok(digest.themes.quotes.length > 0, 'the fixture has a quote to lose');
      const publication = (weekId: string, publishedAt: string) => ({ weekId, digest, publishedAt, publishedBy: 'a', status: 'queued' as const, version: 1 });
      await store.digests.create(publication('2026-09-07', old));
      await store.digests.create(publication('2026-11-16', recent));

      clock.advance(31 * DAY); // the draft is now 31 days old, past RETENTION_DAYS=30
      const result = await retentionJob({ store, clock, logger: memoryLogger() }, 30)();
      assert.deepEqual(result, { responses: 0, conversationState: 1, deliveries: 1, digestQuotes: digest.themes.quotes.length, tokens: 0 });
      assert.deepEqual(await store.conversationState.read(['msteams/conversations/a:1/']), {});
      assert.equal(await store.deliveries.get(sent.id), undefined, 'a finished delivery and its conversation reference');
      assert.ok(await store.deliveries.get(pending.id), 'one still to go stays');
      assert.ok(await store.deliveries.get(fresh.id));
      const kept = (await store.digests.get('2026-09-07'))!;
      assert.deepEqual(kept.digest.themes.quotes, []);
      assert.deepEqual(kept.digest.polls, digest.polls, 'its figures stay');
      assert.deepEqual((await store.digests.get('2026-11-16'))!.digest.themes.quotes, digest.themes.quotes, 'a recent digest keeps its quotes');
    });
  });
}
