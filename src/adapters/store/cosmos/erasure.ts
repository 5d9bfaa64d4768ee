import { type ErasureCounts, type PersonToErase, mentions, scrubPerson } from '../../../domain/erasure';
import { CONTAINER_NAMES, type ContainerName } from './cosmos-containers';
import type { CosmosContext } from './cosmos-context';
import { cosmosId } from './cosmos-ids';

type Raw = Record<string, unknown> & { id: string; _etag?: string; doc?: Record<string, unknown> };

/** The containers read whole for traces of the person: all but responses (found by query: there can be millions) and the audit log (pseudonyms only). */
const SCANNED: readonly ContainerName[] = CONTAINER_NAMES.filter((name) => name !== 'responses' && name !== 'audit');

/** A document's own fields, without Cosmos DB's system properties. */
const own = (raw: Raw): Raw => Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_'))) as Raw;

/**
 * Erases a person (see Store.erasePerson) on Cosmos DB: their documents deleted, every other
 * document that mentions them replaced (If-Match) with their ids and name scrubbed. Not one
 * transaction (Cosmos DB has none across partitions), so it is safe to run again: a second run
 * finds nothing left and changes nothing.
 */
export function cosmosErasure(ctx: CosmosContext, partitionPath: (name: ContainerName) => string): (person: PersonToErase) => Promise<ErasureCounts> {
  const { c, guard, query, remove, count } = ctx;
  const partitionOf = (name: ContainerName, raw: Raw) => String(raw[partitionPath(name).replace(/^\//, '')] ?? raw.id);
  return (person) =>
    guard(async () => {
      const id = person.aadObjectId.toLowerCase();
      const counts = {
        profiles: 0,
        namedResponses: 0,
        anonymousResponses: 0,
        installations: 0,
        digestSubscriptions: 0,
        leadGrants: 0,
        conversationState: 0,
        deliveries: 0,
        scrubbed: 0,
      };
      // Answers: named ones by the person's id, anonymous ones by each poll's keyed hash (nothing else links them to the person).
      const named = await query<{ id: string; pollId: string }>('responses', 'SELECT c.id, c.pollId FROM c WHERE LOWER(c.doc.aadObjectId) = @aad', {
        '@aad': id,
      });
      for (const doc of named) if (await remove('responses', doc.id, doc.pollId)) counts.namedResponses++;
      for (const r of person.anonymousResponses) if (await remove('responses', cosmosId(r.respondentKey), r.pollId)) counts.anonymousResponses++;

      const conversations = person.conversationIds.map(cosmosId);
      for (const name of SCANNED) {
        const container = c(name);
        for await (const page of container.items.query<Raw>('SELECT * FROM c').getAsyncIterator()) {
          count(page);
          for (const raw of page.resources) {
            const doc = raw.doc ?? {};
            const whose = String(doc.aadObjectId ?? '').toLowerCase();
            const mine =
              (name === 'profiles' && whose === id) ||
              (name === 'installations' && raw.kind === 'personal' && whose === id) ||
              (name === 'claims' && String(doc.installationId ?? '').toLowerCase() === `personal:${id}`) ||
              (name === 'leads' && whose === id) ||
              (name === 'digestSubscriptions' && whose === id) ||
              (name === 'conversationState' && conversations.some((conversation) => raw.id.includes(conversation))) ||
              (name === 'deliveries' && person.conversationIds.includes(String((doc.target as { channelId?: string } | undefined)?.channelId ?? '')));
            if (mine) {
              if (await remove(name, raw.id, partitionOf(name, raw))) {
                const key = (
                  {
                    profiles: 'profiles',
                    installations: 'installations',
                    leads: 'leadGrants',
                    digestSubscriptions: 'digestSubscriptions',
                    conversationState: 'conversationState',
                    deliveries: 'deliveries',
                  } as const
                )[name as 'profiles'];
                if (key) counts[key]++;
              }
              continue;
            }
            const body = own(raw);
            if (!mentions(JSON.stringify(body), person)) continue;
            const scrubbed = scrubPerson(body, person);
            count(
              await container
                .item(raw.id, partitionOf(name, raw))
                .replace(scrubbed, raw._etag ? { accessCondition: { type: 'IfMatch', condition: raw._etag } } : {}),
            );
            counts.scrubbed++;
          }
        }
      }
      return counts;
    });
}
