import type { ResponseRepository } from '../../../application/ports/response-repository';
import { StoreError } from '../../../application/store-error';
import type { AnswerValue } from '../../../domain/answer';
import { mergeResponse, type PollResponse } from '../../../domain/response';
import { type LegacyResponse, resealed } from '../legacy-participants';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

/**
 * Responses, partitioned by poll with the respondent key as id: an answer is a point read and
 * a create (409 if someone got there first) or a replace If-Match (412 if it changed), decided
 * again by the domain's mergeResponse after any conflict. Each carries its retention TTL.
 */
export function cosmosResponses(
  { c, guard, read, create, replaceIf, query, remove, count, conflict }: CosmosContext,
  retentionDays: number,
): ResponseRepository {
  const ttl = retentionDays > 0 ? { ttl: retentionDays * 86_400 } : {};
  /** A query in one poll's partition, a page (1,000) at a time. */
  async function* inPoll<T>(sql: string, pollId: string): AsyncGenerator<T> {
    const pages = c('responses').items.query<T>({ query: sql, parameters: [{ name: '@poll', value: pollId }] }, { partitionKey: pollId, maxItemCount: 1_000 });
    while (pages.hasMoreResults()) {
      const page = await guard(async () => count(await pages.fetchNext()));
      yield* page.resources;
    }
  }
  return {
    save: (response) =>
      guard(async () => {
        const id = cosmosId(response.respondentKey);
        // Most answers are a person's first to the poll: try the create alone (one operation,
        // sharing a request with the answers arriving with it); a 409 means there is an answer
        // already, and the read-merge-replace below decides.
        const first = mergeResponse(undefined, response).write!;
        try {
          await create('responses', { id, pollId: response.pollId, answeredAt: first.answeredAt, doc: first, ...ttl }, response.pollId);
          return { outcome: 'created' as const, stored: first };
        } catch (error) {
          if (!conflict(error)) throw error;
        }
        for (let attempt = 0; attempt < 10; attempt++) {
          const existing = await read<PollResponse>('responses', id, response.pollId);
          const { outcome, write: stored } = mergeResponse(existing?.doc.doc, response);
          if (!stored) return { outcome, stored: existing!.doc.doc };
          const body: Doc<PollResponse> = { id, pollId: response.pollId, answeredAt: stored.answeredAt, doc: stored, ...ttl };
          // Someone else wrote first (a replace refused, a create in conflict): read again and decide again.
          if (existing) {
            if (await replaceIf('responses', body, response.pollId, existing.etag)) return { outcome, stored };
            continue;
          }
          try {
            await create('responses', body, response.pollId);
            return { outcome, stored };
          } catch (error) {
            if (!conflict(error)) throw error;
          }
        }
        throw new StoreError('ahp_pulse_store_throttled', `Answers to poll ${response.pollId} kept colliding; please try again.`);
      }),
    get: (pollId, key) => guard(async () => (await read<PollResponse>('responses', cosmosId(key), pollId))?.doc.doc),
    // One query across partitions, on a path Cosmos DB indexes (every path is, by default).
    listNamed: (aadObjectId) =>
      guard(async () =>
        (await query<PollResponse>('responses', 'SELECT VALUE c.doc FROM c WHERE c.doc.aadObjectId = @aad', { '@aad': aadObjectId.toLowerCase() })).sort(
          (a, b) => (a.pollId < b.pollId ? -1 : a.pollId > b.pollId ? 1 : 0),
        ),
      ),
    // By document id (the respondent key, which already names its poll), a few hundred a query.
    getMany: (keys) =>
      guard(async () => {
        const found: PollResponse[] = [];
        for (let i = 0; i < keys.length; i += 200) {
          const batch = keys.slice(i, i + 200);
          const parameters = Object.fromEntries(batch.map((k, j) => [`@k${j}`, cosmosId(k.respondentKey)]));
          const docs = await query<PollResponse>('responses', `SELECT VALUE c.doc FROM c WHERE c.id IN (${Object.keys(parameters).join(', ')})`, parameters);
          const wanted = new Set(batch.map((k) => `${k.pollId}\u0000${k.respondentKey}`));
          found.push(...docs.filter((d) => wanted.has(`${d.pollId}\u0000${d.respondentKey}`)));
        }
        return found;
      }),
    list: (pollId) =>
      guard(async () => {
        const docs = await query<PollResponse>('responses', 'SELECT VALUE c.doc FROM c WHERE c.pollId = @poll', { '@poll': pollId }, pollId);
        return docs.sort((a, b) => (a.respondentKey < b.respondentKey ? -1 : a.respondentKey > b.respondentKey ? 1 : 0));
      }),
    stream: (pollId) => inPoll<PollResponse>('SELECT VALUE c.doc FROM c WHERE c.pollId = @poll', pollId),
    // Only the answer of each response is read (a projection: less to send and to parse); the
    // local server has no GROUP BY to count inside Cosmos DB, so each comes counted once.
    countAnswers: async function* (pollId) {
      for await (const value of inPoll<AnswerValue>('SELECT VALUE c.doc["value"] FROM c WHERE c.pollId = @poll', pollId)) {
        yield { value: value.kind === 'open' ? withoutWords(value) : value, count: 1 };
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
    // Each one If-Match what was read: an answer changed meanwhile is read and resealed again.
    resealLegacyParticipants: (reseal) =>
      guard(async () => {
        const legacy = await query<{ id: string; pollId: string }>('responses', 'SELECT c.id, c.pollId FROM c WHERE IS_DEFINED(c.doc.participantKey)', {});
        let changed = 0;
        for (const { id, pollId } of legacy) {
          for (let attempt = 0; attempt < 10; attempt++) {
            const current = await read<LegacyResponse>('responses', id, pollId);
            if (!current || current.doc.doc.participantKey === undefined) break;
            if (await replaceIf('responses', { ...current.doc, doc: resealed(current.doc.doc, reseal) }, pollId, current.etag)) {
              changed++;
              break;
            }
          }
        }
        return changed;
      }),
  };
}

function withoutWords(value: Extract<AnswerValue, { kind: 'open' }>): AnswerValue {
  return value.priorityId ? { kind: 'open', text: '', priorityId: value.priorityId } : { kind: 'open', text: '' };
}
