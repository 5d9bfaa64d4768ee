import https from 'node:https';
import { type Container, CosmosClient, type CosmosClientOptions, type Database, type ErrorResponse } from '@azure/cosmos';
import type { Store } from '../../../application/ports/store';
import { StoreError } from '../../../application/store-error';
import { currentCorrelationId } from '../../../observability/correlation';
import { cosmosAudit } from './audit';
import { cosmosContent } from './content';
import { cosmosConversationState } from './conversation-state';
import { cosmosDeliveries } from './deliveries';
import { cosmosDigestSubscriptions } from './digest-subscriptions';
import { cosmosDigests } from './digests';
import { cosmosErasure } from './erasure';
import { cosmosInstallations } from './installations';
import { type ContainerName, loadContainerDefinitions } from './internal/containers';
import { createCosmosContext } from './internal/context';
import { cosmosLeads } from './leads';
import { migrateCosmos } from './migrations';
import { cosmosOneTimeTokens } from './one-time-tokens';
import { cosmosPolls } from './polls';
import { cosmosProfiles } from './profiles';
import { cosmosResponses } from './responses';
import { cosmosSlotLeases } from './slot-leases';
import { cosmosWeeklyPulses } from './weekly-pulses';

export interface CosmosStoreOptions {
  readonly endpoint: string;
  /** An account key; without one, Microsoft Entra ID (DefaultAzureCredential, managed identity in App Service). */
  readonly key?: string;
  readonly database: string;
  /** Create the database and containers when missing (off in production: the infrastructure creates them). */
  readonly createIfMissing: boolean;
  /** Responses expire this many days after their last change (Cosmos DB TTL); 0 keeps them. */
  readonly retentionDays: number;
  /** Accept a self-signed certificate: the local emulator or test server only (configuration allows it for loopback only). */
  readonly allowInsecureTls?: boolean;
}

/**
 * The production store on Azure Cosmos DB (NoSQL API), through @azure/cosmos. Same contract
 * as the embedded store. The answer path is point reads and single-partition work only:
 * responses are partitioned by poll, with the respondent key as id, so an answer is a read
 * and a conditional write in one partition, and a poll's results are counted in one partition.
 * Every write two parties can race is conditional on the ETag read (If-Match) or a create that
 * fails when the id exists.
 */
export async function openCosmosStore(options: CosmosStoreOptions): Promise<Store> {
  const definitions = loadContainerDefinitions();
  const all = { requestUnits: 0, operations: 0, requests: 0 };
  const inTurns = { ...all };
  const count = <R extends { requestCharge?: number }>(response: R, requests = 1): R => {
    for (const totals of currentCorrelationId()?.startsWith('turn-') ? [all, inTurns] : [all]) {
      totals.requestUnits += response.requestCharge ?? 0;
      totals.operations += 1;
      totals.requests += requests;
    }
    return response;
  };
  const client = new CosmosClient(await clientOptions(options));
  const where = `Cosmos DB database "${options.database}" at ${options.endpoint}`;
  let database: Database;
  const containers = new Map<ContainerName, Container>();
  try {
    if (options.createIfMissing) {
      database = count(await client.databases.createIfNotExists({ id: options.database })).database;
      for (const definition of definitions.values()) {
        const { container } = count(
          await database.containers.createIfNotExists({
            id: definition.name,
            partitionKey: { paths: [definition.partitionKey] },
            ...(definition.defaultTtl !== undefined ? { defaultTtl: definition.defaultTtl } : {}),
          }),
        );
        containers.set(definition.role, container);
      }
    } else {
      database = client.database(options.database);
      for (const definition of definitions.values()) {
        const container = database.container(definition.name);
        count(await container.read());
        containers.set(definition.role, container);
      }
    }
    // Point reads and creates share bulk requests (point-batch.ts), which need each container's
    // partition key ranges: the SDK keeps its first lookup, failed or not, so look them up now,
    // where a failure fails the start rather than every bulk request after it.
    await Promise.all([...containers.values()].map((container) => container.items.bulk([])));
  } catch (error) {
    client.dispose();
    const status = (error as ErrorResponse).code;
    throw new StoreError(
      'ahp_pulse_store_unavailable',
      status === 404
        ? `The ${where} is missing a container. Create them with the infrastructure (infra/), or set COSMOS_CREATE_CONTAINERS=true for a development account.`
        : `The ${where} cannot be reached (${(error as Error).message}). Check COSMOS_ENDPOINT and COSMOS_KEY (or the managed identity's data-plane role).`,
      { cause: error },
    );
  }

  let closed = false;
  const ctx = createCosmosContext({
    container: (name) => containers.get(name)!,
    count,
    isClosed: () => closed,
    translate: (error) => translate(error, where),
    where,
  });
  const { c, guard } = ctx;
  try {
    await migrateCosmos(ctx);
  } catch (error) {
    client.dispose();
    throw translate(error, where);
  }

  return {
    description: `Cosmos DB (database "${options.database}" at ${options.endpoint})`,
    installations: cosmosInstallations(ctx),
    polls: cosmosPolls(ctx),
    responses: cosmosResponses(ctx, options.retentionDays),
    profiles: cosmosProfiles(ctx),
    deliveries: cosmosDeliveries(ctx),
    leads: cosmosLeads(ctx),
    conversationState: cosmosConversationState(ctx),
    weeklyPulses: cosmosWeeklyPulses(ctx),
    digests: cosmosDigests(ctx),
    digestSubscriptions: cosmosDigestSubscriptions(ctx),
    oneTimeTokens: cosmosOneTimeTokens(ctx),
    slotLeases: cosmosSlotLeases(ctx),
    audit: cosmosAudit(ctx),
    content: cosmosContent(ctx),
    erasePerson: cosmosErasure(ctx, (name) => definitions.get(name)!.partitionKey),
    costs: (scope = 'all') => ({ ...(scope === 'turns' ? inTurns : all) }),
    ping: () =>
      guard(async () => {
        count(await c('polls').read());
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      client.dispose();
    },
  };
}

async function clientOptions(options: CosmosStoreOptions): Promise<CosmosClientOptions> {
  const base: CosmosClientOptions = {
    endpoint: options.endpoint,
    // The SDK retries 429s itself, honouring the service's retry-after, before giving up.
    connectionPolicy: {
      enableEndpointDiscovery: false,
      retryOptions: { maxRetryAttemptCount: 9, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 30 },
    },
    // The SDK's own agent keeps connections alive; one given in its place must too, or every
    // request opens a new TLS connection (a handshake each, most of the client's time). An idle
    // connection is closed after 4 s: the local server drops one after Node's 5 s without saying
    // so, and a write sent on a connection being dropped fails ("socket hang up") unretried.
    ...(options.allowInsecureTls ? { agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true, timeout: 4_000, minVersion: 'TLSv1.2' }) } : {}),
  };
  if (options.key) return { ...base, key: options.key };
  const { DefaultAzureCredential } = await import('@azure/identity');
  return { ...base, aadCredentials: new DefaultAzureCredential() };
}

function translate(error: unknown, where: string): Error {
  if (error instanceof StoreError) return error;
  const code = (error as ErrorResponse)?.code;
  if (code === 429) {
    return new StoreError('ahp_pulse_store_throttled', `The ${where} is busy (429 after the SDK's retries); please try again.`, { cause: error });
  }
  return new StoreError('ahp_pulse_store_unavailable', `The ${where} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
