import { type CosmosTarget, openTestCosmosStore, startCosmosTarget, uniqueDatabase } from '../support/cosmos-server';
import { describeStoreContract } from './store-contract';

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
});
