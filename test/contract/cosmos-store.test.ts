import assert from 'node:assert/strict';
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
});
