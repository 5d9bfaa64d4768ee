import https from 'node:https';
import { type Container, CosmosClient, type CosmosClientOptions, type Database, ErrorResponse } from '@azure/cosmos';
import type {
  DeliveryRepository,
  InstallationRepository,
  LeadGrant,
  LeadRepository,
  PollRepository,
  ProfileRepository,
  ResponseRepository,
  Store,
} from '../../../application/ports';
import { StoreError } from '../../../application/store-error';
import type { Delivery } from '../../../domain/delivery';
import type { Installation } from '../../../domain/installation';
import type { Poll } from '../../../domain/poll';
import { type PollResponse, type Profile, mergeResponse } from '../../../domain/response';
import { type ContainerName, loadContainerDefinitions } from './cosmos-containers';
import { cosmosId } from './cosmos-ids';

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

/** A document as stored: the safe Cosmos id, the partition key, and the domain object whole. */
interface Doc<T> {
  id: string;
  doc: T;
  [key: string]: unknown;
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
      'store_unavailable',
      status === 404
        ? `The ${where} is missing a container. Create them with the infrastructure (infra/), or set COSMOS_CREATE_CONTAINERS=true for a development account.`
        : `The ${where} cannot be reached (${(error as Error).message}). Check COSMOS_ENDPOINT and COSMOS_KEY (or the managed identity's data-plane role).`,
      { cause: error },
    );
  }

  const c = (name: ContainerName) => containers.get(name)!;
  let closed = false;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('store_closed', `The ${where} store is closed.`);
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
    update: (poll, expectedVersion) =>
      guard(async () => {
        const id = cosmosId(poll.id);
        const current = await read<Poll>('polls', id, id);
        if (!current || current.doc.version !== expectedVersion) return false;
        try {
          count(await c('polls').item(id, id).replace(pollDoc(poll), { accessCondition: { type: 'IfMatch', condition: current.etag } }));
          return true;
        } catch (error) {
          if (conflict(error)) return false;
          throw error;
        }
      }),
    listDue: (now) =>
      guard(async () => {
        const due = await query<Poll>(
          'polls',
          "SELECT VALUE c.doc FROM c WHERE c.status = 'open' AND (c.closesAt <= @now OR (c.reminderDue != null AND c.reminderDue <= @now))",
          { '@now': now },
        );
        return due.sort((a, b) => (a.closesAt < b.closesAt ? -1 : a.closesAt > b.closesAt ? 1 : 0));
      }),
  };

  const ttl = options.retentionDays > 0 ? { ttl: options.retentionDays * 86_400 } : {};
  const responses: ResponseRepository = {
    save: (response) =>
      guard(async () => {
        const id = cosmosId(response.respondentKey);
        for (let attempt = 0; attempt < 10; attempt++) {
          const existing = await read<PollResponse>('responses', id, response.pollId);
          const { outcome, write: stored } = mergeResponse(existing?.doc.doc, response);
          if (!stored) return { outcome, stored: existing!.doc.doc };
          const body: Doc<PollResponse> = { id, pollId: response.pollId, answeredAt: stored.answeredAt, doc: stored, ...ttl };
          try {
            if (existing) {
              count(await c('responses').item(id, response.pollId).replace(body, { accessCondition: { type: 'IfMatch', condition: existing.etag } }));
            } else {
              count(await c('responses').items.create(body));
            }
            return { outcome, stored };
          } catch (error) {
            if (!conflict(error)) throw error; // someone else wrote first: read again and decide again
          }
        }
        throw new StoreError('store_throttled', `Answers to poll ${response.pollId} kept colliding; please try again.`);
      }),
    get: (pollId, key) => guard(async () => (await read<PollResponse>('responses', cosmosId(key), pollId))?.doc.doc),
    list: (pollId) =>
      guard(async () => {
        const docs = await query<PollResponse>('responses', 'SELECT VALUE c.doc FROM c WHERE c.pollId = @poll', { '@poll': pollId }, pollId);
        return docs.sort((a, b) => (a.respondentKey < b.respondentKey ? -1 : a.respondentKey > b.respondentKey ? 1 : 0));
      }),
    count: (pollId) =>
      guard(async () => {
        const [n] = await query<number>('responses', 'SELECT VALUE COUNT(1) FROM c WHERE c.pollId = @poll', { '@poll': pollId }, pollId);
        return n ?? 0;
      }),
    purgeAnsweredBefore: (cutoff) =>
      guard(async () => {
        const old = await query<{ id: string; pollId: string }>(
          'responses',
          'SELECT c.id, c.pollId FROM c WHERE c.answeredAt < @cutoff',
          { '@cutoff': cutoff },
        );
        let deleted = 0;
        for (const doc of old) if (await remove('responses', doc.id, doc.pollId)) deleted++;
        return deleted;
      }),
  };

  /** Delivery ids start with their poll id (`<pollId>:<kind>:<channelId>`), the partition key. */
  const deliveryPartition = (id: string) => id.slice(0, id.indexOf(':'));
  const deliveryDoc = (d: Delivery): Doc<Delivery> => ({
    id: cosmosId(d.id),
    pollId: d.pollId,
    status: d.status,
    notBefore: d.notBefore,
    leaseUntil: d.leaseUntil ?? null,
    doc: d,
  });
  const claimable = (d: Delivery, now: string) =>
    (d.status === 'pending' && d.notBefore <= now) || (d.status === 'sending' && (d.leaseUntil ?? '') <= now);
  const replaceIf = async (d: Delivery, etag: string): Promise<boolean> => {
    try {
      count(await c('deliveries').item(cosmosId(d.id), d.pollId).replace(deliveryDoc(d), { accessCondition: { type: 'IfMatch', condition: etag } }));
      return true;
    } catch (error) {
      if (conflict(error) || (error as ErrorResponse).code === 404) return false;
      throw error;
    }
  };
  const deliveries: DeliveryRepository = {
    enqueue: (list) =>
      guard(async () => {
        let added = 0;
        for (const d of list) {
          try {
            count(await c('deliveries').items.create(deliveryDoc(d)));
            added++;
          } catch (error) {
            if ((error as ErrorResponse).code !== 409) throw error;
          }
        }
        return added;
      }),
    requeue: (list) =>
      guard(async () => {
        let queued = 0;
        for (const d of list) {
          try {
            count(await c('deliveries').items.create(deliveryDoc(d)));
            queued++;
          } catch (error) {
            if ((error as ErrorResponse).code !== 409) throw error;
            const current = await read<Delivery>('deliveries', cosmosId(d.id), d.pollId);
            const finished = current && ['sent', 'failed', 'cancelled'].includes(current.doc.doc.status);
            if (finished && (await replaceIf(d, current.etag))) queued++;
          }
        }
        return queued;
      }),
    claimDue: (now, owner, leaseUntil, limit) =>
      guard(async () => {
        const due = await query<{ id: string; pollId: string }>(
          'deliveries',
          `SELECT TOP @limit c.id, c.pollId FROM c
           WHERE (c.status = 'pending' AND c.notBefore <= @now) OR (c.status = 'sending' AND c.leaseUntil <= @now)
           ORDER BY c.notBefore`,
          // More candidates than wanted: other workers are claiming from the same list at once.
          { '@now': now, '@limit': limit * 4 },
        );
        const claimed: Delivery[] = [];
        for (const { id, pollId } of due) {
          if (claimed.length >= limit) break;
          const current = await read<Delivery>('deliveries', id, pollId);
          if (!current || !claimable(current.doc.doc, now)) continue;
          const mine: Delivery = { ...current.doc.doc, status: 'sending', claimedBy: owner, leaseUntil };
          if (await replaceIf(mine, current.etag)) claimed.push(mine);
        }
        return claimed;
      }),
    settle: (delivery, owner) =>
      guard(async () => {
        const current = await read<Delivery>('deliveries', cosmosId(delivery.id), delivery.pollId);
        if (!current || current.doc.doc.status !== 'sending' || current.doc.doc.claimedBy !== owner) return false;
        return replaceIf(delivery, current.etag);
      }),
    get: (id) => guard(async () => (await read<Delivery>('deliveries', cosmosId(id), deliveryPartition(id)))?.doc.doc),
    listForPoll: (pollId) =>
      guard(async () => {
        const docs = await query<Delivery>('deliveries', 'SELECT VALUE c.doc FROM c WHERE c.pollId = @poll', { '@poll': pollId }, pollId);
        return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),
    cancelPending: (pollId, now) =>
      guard(async () => {
        const pending = await query<{ id: string }>('deliveries', "SELECT c.id FROM c WHERE c.pollId = @poll AND c.status = 'pending'", { '@poll': pollId }, pollId);
        let cancelled = 0;
        for (const { id } of pending) {
          const current = await read<Delivery>('deliveries', id, pollId);
          if (current?.doc.doc.status === 'pending' && (await replaceIf({ ...current.doc.doc, status: 'cancelled', updatedAt: now }, current.etag))) cancelled++;
        }
        return cancelled;
      }),
  };

  const leads: LeadRepository = {
    list: () =>
      guard(async () => (await query<LeadGrant>('leads', 'SELECT VALUE c.doc FROM c', {})).sort((a, b) => (a.aadObjectId < b.aadObjectId ? -1 : 1))),
    get: (id) => guard(async () => (await read<LeadGrant>('leads', cosmosId(id), cosmosId(id)))?.doc.doc),
    save: (grant) =>
      guard(async () => {
        count(await c('leads').items.upsert<Doc<LeadGrant>>({ id: cosmosId(grant.aadObjectId), doc: grant }));
      }),
    remove: (id) => guard(async () => remove('leads', cosmosId(id), cosmosId(id))),
  };

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
    conversationState: {
      read: (keys) =>
        guard(async () => {
          const found: Record<string, unknown> = {};
          for (const key of keys) {
            const doc = await read<unknown>('conversationState', cosmosId(key), cosmosId(key));
            if (doc) found[key] = doc.doc.doc;
          }
          return found;
        }),
      write: (changes) =>
        guard(async () => {
          // A draft left alone for 30 days is forgotten.
          for (const [key, value] of Object.entries(changes)) {
            count(await c('conversationState').items.upsert({ id: cosmosId(key), doc: value, ttl: 30 * 86_400 }));
          }
        }),
      delete: (keys) =>
        guard(async () => {
          for (const key of keys) await remove('conversationState', cosmosId(key), cosmosId(key));
        }),
    },
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
        return { profiles: profileDeleted ? 1 : 0, namedResponses, installations: installationsDeleted };
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
    connectionPolicy: { enableEndpointDiscovery: false, retryOptions: { maxRetryAttemptCount: 9, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 30 } },
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
    return new StoreError('store_throttled', `The ${where} is busy (429 after the SDK's retries); please try again.`, { cause: error });
  }
  return new StoreError('store_unavailable', `The ${where} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
