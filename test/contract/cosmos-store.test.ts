import assert from 'node:assert/strict';
import { cachedStore, PRODUCTION_CACHE } from '../../src/adapters/store/cached-store';
import { afterSuccess, newDelivery } from '../../src/domain/delivery';
import { type CosmosTarget, openTestCosmosStore, startCosmosTarget, uniqueDatabase } from '../support/cosmos-server';
import { describeStoreContract, response } from './store-contract';

describe('Cosmos DB store', () => {
  let target: CosmosTarget;
  before(async () => {
    target = await startCosmosTarget();
  });
  after(async () => {
    await target?.stop();
  });

  describeStoreContract('Cosmos DB (real @azure/cosmos SDK; local server unless COSMOS_TEST_ENDPOINT is set)', () => {
    const database = uniqueDatabase();
    return {
      create: () => openTestCosmosStore(target, database, true),
      reopen: () => openTestCosmosStore(target, database, false),
      dispose: async () => {},
    };
  });

  describeStoreContract('Cosmos DB behind the cache production reads through', () => {
    const database = uniqueDatabase();
    return {
      create: async () => cachedStore(await openTestCosmosStore(target, database, true), PRODUCTION_CACHE),
      reopen: async () => cachedStore(await openTestCosmosStore(target, database, false), PRODUCTION_CACHE),
      dispose: async () => {},
    };
  });

  it('sends the point reads and first creates that arrive together in shared requests, each with its own outcome', async () => {
    const store = await openTestCosmosStore(target, uniqueDatabase(), true);
    try {
      const people = Array.from({ length: 40 }, (_, i) => `aad-batch-${i}`);
      for (const id of people.slice(0, 10)) await store.profiles.save({ aadObjectId: id, profession: 'paramedic', updatedAt: 't1' });
      const before = store.costs!();
      // As forty answers arriving at once: each person's profile read, and their answer's create;
      // the last person answers twice at the same moment (one create wins, the other merges).
      const [profiles, saves] = await Promise.all([
        Promise.all(people.map((id) => store.profiles.get(id))),
        Promise.all([
          ...people.map((id) => store.responses.save(response('p-batch', `aad:${id}`, '2026-11-24T09:00:00.000Z'))),
          store.responses.save(response('p-batch', `aad:${people.at(-1)}`, '2026-11-24T09:00:01.000Z', 'ahp-identity')),
        ]),
      ]);
      const after = store.costs!();
      assert.deepEqual(
        profiles.map((p) => p?.profession),
        people.map((_, i) => (i < 10 ? 'paramedic' : undefined)),
      );
      assert.deepEqual(
        saves.slice(0, 39).map((s) => s.outcome),
        Array(39).fill('created'),
      );
      assert.deepEqual(new Set(saves.slice(39).map((s) => s.outcome)), new Set(['created', 'updated']));
      assert.equal(await store.responses.count('p-batch'), 40);
      const twice = await store.responses.get('p-batch', `aad:${people.at(-1)}`);
      assert.deepEqual(twice?.value, { kind: 'single', optionId: 'ahp-identity' }, 'the later of the two answers is kept');
      const operations = after.operations - before.operations;
      const requests = after.requests - before.requests;
      assert.ok(operations >= 81, `an operation each: ${operations}`);
      assert.ok(requests <= operations / 5, `${operations} operations in ${requests.toFixed(1)} requests`);
    } finally {
      await store.close();
    }
  });

  it("queues a launch's deliveries, claims a round and records its sends in shared requests, each with its own outcome", async () => {
    const store = await openTestCosmosStore(target, uniqueDatabase(), true);
    const T0 = '2026-11-24T09:00:00.000Z';
    const to = (channelId: string) => ({ teamId: 'team', channelId, tenantId: 'tenant', serviceUrl: 'https://smba/', address: {} });
    try {
      const launch = Array.from({ length: 250 }, (_, i) => newDelivery({ pollId: 'p-launch' }, 'post', to(`19:${i}`), T0));
      await store.deliveries.enqueue(launch.slice(0, 50));
      const before = store.costs!();
      // A launch retried after its first 50 were queued: those are not queued twice.
      assert.equal(await store.deliveries.enqueue(launch), 200);
      const queued = store.costs!();
      // Two workers claim at once: each delivery goes to one of them.
      const [a, b] = await Promise.all([
        store.deliveries.claimDue(T0, 'w1', '2026-11-24T09:01:00.000Z', 100),
        store.deliveries.claimDue(T0, 'w2', '2026-11-24T09:01:00.000Z', 100),
      ]);
      assert.equal(a.length + b.length, 200);
      assert.equal(new Set([...a, ...b].map((d) => d.id)).size, 200, 'no delivery claimed twice');
      const claimed = store.costs!();
      // Each worker records its round's sends as they finish, together; one record comes from a worker that no longer holds the claim.
      const settled = await Promise.all([
        ...a.map((d) => store.deliveries.settle(afterSuccess(d, new Date(T0)), 'w1')),
        store.deliveries.settle(afterSuccess(b[0]!, new Date(T0)), 'w1'),
      ]);
      assert.deepEqual(settled, [...a.map(() => true), false]);
      const after = store.costs!();
      const sent = (await store.deliveries.listForPoll('p-launch')).filter((d) => d.status === 'sent');
      assert.deepEqual(sent.map((d) => d.id).sort(), a.map((d) => d.id).sort());
      const per = (x: { operations: number; requests: number }, y: { operations: number; requests: number }) =>
        `${x.operations - y.operations} operations in ${(x.requests - y.requests).toFixed(1)} requests`;
      assert.ok(queued.requests - before.requests <= 5, `queued: ${per(queued, before)}`);
      assert.ok(claimed.requests - queued.requests <= (claimed.operations - queued.operations) / 5, `claimed: ${per(claimed, queued)}`);
      assert.ok(after.requests - claimed.requests <= (after.operations - claimed.operations) / 5, `settled: ${per(after, claimed)}`);
    } finally {
      await store.close();
    }
  });
});
