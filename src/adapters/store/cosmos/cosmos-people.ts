import type {
  ConversationStateRepository,
  DigestRepository,
  DigestSubscriptionRepository,
  LeadGrant,
  LeadRepository,
  ResponseRepository,
  WeeklyPulseRepository,
} from '../../../application/ports';
import type { DigestPublication, DigestSubscription } from '../../../domain/publication';
import type { WeeklyPulse } from '../../../domain/weekly';
import { StoreError } from '../../../application/store-error';
import { type PollResponse, mergeResponse } from '../../../domain/response';
import type { CosmosContext, Doc } from './cosmos-context';
import { cosmosId } from './cosmos-ids';

/**
 * Responses, partitioned by poll with the respondent key as id: an answer is a point read and
 * a create (409 if someone got there first) or a replace If-Match (412 if it changed), decided
 * again by the domain's mergeResponse after any conflict. Each carries its retention TTL.
 */
export function cosmosResponses({ c, guard, read, query, remove, count, conflict }: CosmosContext, retentionDays: number): ResponseRepository {
  const ttl = retentionDays > 0 ? { ttl: retentionDays * 86_400 } : {};
  return {
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
              count(
                await c('responses')
                  .item(id, response.pollId)
                  .replace(body, { accessCondition: { type: 'IfMatch', condition: existing.etag } }),
              );
            } else {
              count(await c('responses').items.create(body));
            }
            return { outcome, stored };
          } catch (error) {
            if (!conflict(error)) throw error; // someone else wrote first: read again and decide again
          }
        }
        throw new StoreError('ahp_pulse_store_throttled', `Answers to poll ${response.pollId} kept colliding; please try again.`);
      }),
    get: (pollId, key) => guard(async () => (await read<PollResponse>('responses', cosmosId(key), pollId))?.doc.doc),
    list: (pollId) =>
      guard(async () => {
        const docs = await query<PollResponse>('responses', 'SELECT VALUE c.doc FROM c WHERE c.pollId = @poll', { '@poll': pollId }, pollId);
        return docs.sort((a, b) => (a.respondentKey < b.respondentKey ? -1 : a.respondentKey > b.respondentKey ? 1 : 0));
      }),
    stream: async function* (pollId) {
      const pages = c('responses').items.query<PollResponse>(
        { query: 'SELECT VALUE c.doc FROM c WHERE c.pollId = @poll', parameters: [{ name: '@poll', value: pollId }] },
        { partitionKey: pollId, maxItemCount: 1_000 },
      );
      while (pages.hasMoreResults()) {
        const page = await guard(async () => count(await pages.fetchNext()));
        for (const response of page.resources) yield response;
      }
    },
    count: (pollId) =>
      guard(async () => {
        const [n] = await query<number>('responses', 'SELECT VALUE COUNT(1) FROM c WHERE c.pollId = @poll', { '@poll': pollId }, pollId);
        return n ?? 0;
      }),
    purgeAnsweredBefore: (cutoff) =>
      guard(async () => {
        const old = await query<{ id: string; pollId: string }>('responses', 'SELECT c.id, c.pollId FROM c WHERE c.answeredAt < @cutoff', {
          '@cutoff': cutoff,
        });
        let deleted = 0;
        for (const doc of old) if (await remove('responses', doc.id, doc.pollId)) deleted++;
        return deleted;
      }),
  };
}

/** Leads an admin added in the bot, one document each. */
export function cosmosLeads({ c, guard, read, query, remove, count }: CosmosContext): LeadRepository {
  return {
    list: () => guard(async () => (await query<LeadGrant>('leads', 'SELECT VALUE c.doc FROM c', {})).sort((a, b) => (a.aadObjectId < b.aadObjectId ? -1 : 1))),
    get: (id) => guard(async () => (await read<LeadGrant>('leads', cosmosId(id), cosmosId(id)))?.doc.doc),
    save: (grant) =>
      guard(async () => {
        count(await c('leads').items.upsert<Doc<LeadGrant>>({ id: cosmosId(grant.aadObjectId), doc: grant }));
      }),
    remove: (id) => guard(async () => remove('leads', cosmosId(id), cosmosId(id))),
  };
}

/** Conversation state (the compose dialog's draft), kept 30 days from its last change. */
export function cosmosConversationState({ c, guard, read, remove, count }: CosmosContext): ConversationStateRepository {
  return {
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
  };
}

/** Weekly pulses, one document each; an update is a replace If-Match the etag read, from the version read. */
export function cosmosWeeklyPulses({ c, guard, read, query, count, replaceIfVersion }: CosmosContext): WeeklyPulseRepository {
  return {
    create: (pulse) =>
      guard(async () => {
        count(await c('weeklyPulses').items.create<Doc<WeeklyPulse>>({ id: cosmosId(pulse.id), doc: pulse, version: pulse.version }));
      }),
    get: (id) => guard(async () => (await read<WeeklyPulse>('weeklyPulses', cosmosId(id), cosmosId(id)))?.doc.doc),
    list: () => guard(async () => (await query<WeeklyPulse>('weeklyPulses', 'SELECT VALUE c.doc FROM c', {})).sort((a, b) => (a.id < b.id ? -1 : 1))),
    update: (pulse, expectedVersion) =>
      guard(() => replaceIfVersion('weeklyPulses', cosmosId(pulse.id), expectedVersion, { id: cosmosId(pulse.id), doc: pulse, version: pulse.version })),
  };
}

/** Published digests, one document a week (id: the week); a create fails with 409 when the week is already recorded. */
export function cosmosDigests({ c, guard, read, query, count, replaceIfVersion }: CosmosContext): DigestRepository {
  const doc = (p: DigestPublication): Doc<DigestPublication> => ({ id: cosmosId(p.weekId), weekId: p.weekId, doc: p, version: p.version });
  return {
    create: (publication) =>
      guard(async () => {
        try {
          count(await c('digests').items.create(doc(publication)));
          return true;
        } catch (error) {
          if ((error as { code?: number }).code === 409) return false;
          throw error;
        }
      }),
    get: (weekId) => guard(async () => (await read<DigestPublication>('digests', cosmosId(weekId), cosmosId(weekId)))?.doc.doc),
    list: (limit) =>
      guard(async () => {
        // The week ids sort as dates; the list is small (one a week), so it is sorted here.
        const weeks = await query<string>('digests', 'SELECT VALUE c.weekId FROM c', {});
        const latest = weeks.sort().reverse().slice(0, limit);
        const found: DigestPublication[] = [];
        for (const weekId of latest) {
          const item = await read<DigestPublication>('digests', cosmosId(weekId), cosmosId(weekId));
          if (item) found.push(item.doc.doc);
        }
        return found;
      }),
    update: (publication, expectedVersion) => guard(() => replaceIfVersion('digests', cosmosId(publication.weekId), expectedVersion, doc(publication))),
  };
}

export function cosmosDigestSubscriptions({ c, guard, read, query, remove, count }: CosmosContext): DigestSubscriptionRepository {
  return {
    save: (subscription) =>
      guard(async () => {
        count(await c('digestSubscriptions').items.upsert<Doc<DigestSubscription>>({ id: cosmosId(subscription.aadObjectId), doc: subscription }));
      }),
    remove: (id) => guard(async () => remove('digestSubscriptions', cosmosId(id), cosmosId(id))),
    get: (id) => guard(async () => (await read<DigestSubscription>('digestSubscriptions', cosmosId(id), cosmosId(id)))?.doc.doc),
    list: () =>
      guard(async () =>
        (await query<DigestSubscription>('digestSubscriptions', 'SELECT VALUE c.doc FROM c', {})).sort((a, b) => (a.aadObjectId < b.aadObjectId ? -1 : 1)),
      ),
  };
}
