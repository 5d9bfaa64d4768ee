import https from 'node:https';
import { type Container, CosmosClient, type CosmosClientOptions, type Database, type ErrorResponse } from '@azure/cosmos';
import type { InstallationRepository, PollRepository, ProfileRepository, Store } from '../../../application/ports';
import { StoreError } from '../../../application/store-error';
import type { Installation } from '../../../domain/installation';
import type { Poll } from '../../../domain/poll';
import type { Profile } from '../../../domain/response';
import { type ContainerName, loadContainerDefinitions } from './cosmos-containers';
import type { CosmosContext, Doc } from './cosmos-context';
import { cosmosDeliveries } from './cosmos-deliveries';
import { cosmosConversationState, cosmosDigestSubscriptions, cosmosDigests, cosmosLeads, cosmosResponses, cosmosWeeklyPulses } from './cosmos-people';
import { cosmosId } from './cosmos-ids';
import { migrateCosmos } from './cosmos-migrations';

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
  let charge = 0;
  const count = <R extends { requestCharge?: number }>(response: R): R => {
    charge += response.requestCharge ?? 0;
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

  const c = (name: ContainerName) => containers.get(name)!;
  let closed = false;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('ahp_pulse_store_closed', `The ${where} store is closed.`);
    try {
      return await work();
    } catch (error) {
      throw translate(error, where);
    }
  };
  const read = async <T>(name: ContainerName, id: string, partition: string): Promise<{ doc: Doc<T>; etag: string } | undefined> => {
    const response = count(await c(name).item(id, partition).read<Doc<T>>());
    const etag = (response.resource as { _etag?: string } | undefined)?._etag ?? response.etag;
    return response.resource ? { doc: response.resource, etag } : undefined;
  };
  const query = async <T>(name: ContainerName, text: string, parameters: Record<string, unknown>, partition?: string): Promise<T[]> => {
    const response = count(
      await c(name)
        .items.query<T>(
          { query: text, parameters: Object.entries(parameters).map(([n, value]) => ({ name: n, value: value as never })) },
          partition === undefined ? {} : { partitionKey: partition },
        )
        .fetchAll(),
    );
    return response.resources;
  };
  const remove = async (name: ContainerName, id: string, partition: string): Promise<boolean> => {
    try {
      count(await c(name).item(id, partition).delete());
      return true;
    } catch (error) {
      if ((error as ErrorResponse).code === 404) return false;
      throw error;
    }
  };
  const conflict = (error: unknown) => [409, 412].includes((error as ErrorResponse).code as number);
  const replaceIfVersion = async (name: ContainerName, id: string, expectedVersion: number, body: Doc<unknown>): Promise<boolean> => {
    const current = await read<unknown>(name, id, id);
    if (!current || current.doc.version !== expectedVersion) return false;
    try {
      count(
        await c(name)
          .item(id, id)
          .replace(body, { accessCondition: { type: 'IfMatch', condition: current.etag } }),
      );
      return true;
    } catch (error) {
      if (conflict(error)) return false;
      throw error;
    }
  };
  const ctx: CosmosContext = { c, guard, read, query, remove, count, conflict, replaceIfVersion };
  try {
    await migrateCosmos(ctx);
  } catch (error) {
    client.dispose();
    throw translate(error, where);
  }

  const installations: InstallationRepository = {
    save: (installation) =>
      guard(async () => {
        const id = cosmosId(installation.id);
        count(await c('installations').items.upsert<Doc<Installation>>({ id, doc: installation, kind: installation.kind, status: installation.status }));
      }),
    get: (id) => guard(async () => (await read<Installation>('installations', cosmosId(id), cosmosId(id)))?.doc.doc),
    list: (filter = {}) =>
      guard(async () => {
        const docs = await query<Installation>(
          'installations',
          'SELECT VALUE c.doc FROM c WHERE (@kind = null OR c.kind = @kind) AND (@status = null OR c.status = @status)',
          { '@kind': filter.kind ?? null, '@status': filter.status ?? null },
        );
        return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),
    claimWelcome: (id, at) =>
      guard(async () => {
        const claimId = cosmosId(`welcome:${id}`);
        try {
          count(await c('claims').items.create({ id: claimId, doc: { kind: 'welcome', installationId: id, claimedAt: at } }));
          return true;
        } catch (error) {
          if ((error as ErrorResponse).code === 409) return false;
          throw error;
        }
      }),
    releaseWelcome: (id) =>
      guard(async () => {
        const claimId = cosmosId(`welcome:${id}`);
        await remove('claims', claimId, claimId);
      }),
  };

  const pollDoc = (poll: Poll): Doc<Poll> => ({
    id: cosmosId(poll.id),
    doc: poll,
    status: poll.status,
    closesAt: poll.closesAt,
    reminderDue: poll.reminderAt && !poll.reminderSentAt ? poll.reminderAt : null,
    version: poll.version,
  });

  const polls: PollRepository = {
    create: (poll) =>
      guard(async () => {
        count(await c('polls').items.create(pollDoc(poll)));
      }),
    get: (id) => guard(async () => (await read<Poll>('polls', cosmosId(id), cosmosId(id)))?.doc.doc),
    update: (poll, expectedVersion) => guard(() => replaceIfVersion('polls', cosmosId(poll.id), expectedVersion, pollDoc(poll))),
    listDue: (now) =>
      guard(async () => {
        const due = await query<Poll>(
          'polls',
          "SELECT VALUE c.doc FROM c WHERE c.status = 'open' AND (c.closesAt <= @now OR (c.reminderDue != null AND c.reminderDue <= @now))",
          { '@now': now },
        );
        return due.sort((a, b) => (a.closesAt < b.closesAt ? -1 : a.closesAt > b.closesAt ? 1 : 0));
      }),
    listOpenBetween: (from, to) =>
      guard(async () => {
        // closedAt is never after closesAt, so closesAt > from finds a superset; pollInWeek's rule is applied here.
        const found = await query<Poll>('polls', 'SELECT VALUE c.doc FROM c WHERE c.doc.createdAt < @to AND c.closesAt > @from', { '@from': from, '@to': to });
        return found
          .filter((p) => (p.closedAt ?? p.closesAt) > from)
          .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      }),
  };

  const responses = cosmosResponses(ctx, options.retentionDays);
  const deliveries = cosmosDeliveries(ctx);

  const leads = cosmosLeads(ctx);
  const profiles: ProfileRepository = {
    get: (aadObjectId) => guard(async () => (await read<Profile>('profiles', cosmosId(aadObjectId), cosmosId(aadObjectId)))?.doc.doc),
    save: (profile) =>
      guard(async () => {
        count(await c('profiles').items.upsert<Doc<Profile>>({ id: cosmosId(profile.aadObjectId), doc: profile }));
      }),
  };

  return {
    description: `Cosmos DB (database "${options.database}" at ${options.endpoint})`,
    installations,
    polls,
    responses,
    profiles,
    deliveries,
    leads,
    conversationState: cosmosConversationState(ctx),
    weeklyPulses: cosmosWeeklyPulses(ctx),
    digests: cosmosDigests(ctx),
    digestSubscriptions: cosmosDigestSubscriptions(ctx),
    deletePersonData: (aadObjectId) =>
      guard(async () => {
        const id = aadObjectId.toLowerCase();
        const profileDeleted = await remove('profiles', cosmosId(id), cosmosId(id));
        const named = await query<{ id: string; pollId: string }>('responses', 'SELECT c.id, c.pollId FROM c WHERE c.doc.aadObjectId = @aad', {
          '@aad': id,
        });
        let namedResponses = 0;
        for (const doc of named) if (await remove('responses', doc.id, doc.pollId)) namedResponses++;
        const personal = await query<{ id: string }>(
          'installations',
          "SELECT c.id FROM c WHERE c.kind = 'personal' AND (c.doc.aadObjectId = @aad OR c.doc.aadObjectId = @raw)",
          { '@aad': id, '@raw': aadObjectId },
        );
        let installationsDeleted = 0;
        for (const doc of personal) if (await remove('installations', doc.id, doc.id)) installationsDeleted++;
        const subscription = await remove('digestSubscriptions', cosmosId(id), cosmosId(id));
        return { profiles: profileDeleted ? 1 : 0, namedResponses, installations: installationsDeleted, digestSubscriptions: subscription ? 1 : 0 };
      }),
    requestCharge: () => charge,
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
    ...(options.allowInsecureTls ? { agent: new https.Agent({ rejectUnauthorized: false }) } : {}),
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
