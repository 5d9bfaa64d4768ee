import { bumpedVersion, type ErasureCounts, PERSON_FIELDS, type PersonToErase, type ScrubbedTable, scrubPersonFields } from '../../../domain/erasure';
import type { ContainerName } from './internal/containers';
import type { CosmosContext } from './internal/context';
import { cosmosId } from './internal/ids';

type Raw = Record<string, unknown> & { id: string; _etag?: string; doc?: Record<string, unknown> };

/** A document's own fields, without Cosmos DB's system properties. */
const own = (raw: Raw): Raw => Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_'))) as Raw;

/** How often a scrub is tried again when the document changed meanwhile (412). */
const ATTEMPTS = 5;

/**
 * Erases a person (see Store.erasePerson) on Cosmos DB, as the embedded store does: every read
 * is a query on an indexed path (their object id, their answers' keys, their chat's id), never
 * a whole container. Their documents are deleted; documents of others that name them (found by
 * the identity fields of PERSON_FIELDS) are replaced, If-Match, with only those fields scrubbed
 * and their version moved on; one changed meanwhile is read and scrubbed again. Not one
 * transaction (Cosmos DB has none across partitions), so it is safe to run again: a second run
 * finds nothing left and changes nothing.
 */
export function cosmosErasure(ctx: CosmosContext, partitionPath: (name: ContainerName) => string): (person: PersonToErase) => Promise<ErasureCounts> {
  const { guard, query, remove, read, replaceIf } = ctx;
  const partitionOf = (name: ContainerName, raw: Raw) => String(raw[partitionPath(name).replace(/^\//, '')] ?? raw.id);
  const deleteWhere = async (name: ContainerName, where: string, parameters: Record<string, unknown>) => {
    let n = 0;
    for (const raw of await query<Raw>(name, `SELECT * FROM c WHERE ${where}`, parameters)) if (await remove(name, raw.id, partitionOf(name, raw))) n++;
    return n;
  };
  const scrub = async (name: ContainerName, raw: Raw, person: PersonToErase): Promise<boolean> => {
    const partition = partitionOf(name, raw);
    let current: { doc: Raw; etag: string } | undefined = { doc: own(raw), etag: raw._etag ?? '' };
    for (let attempt = 0; attempt < ATTEMPTS && current; attempt++) {
      const doc = current.doc;
      const next = { ...doc, doc: bumpedVersion(scrubPersonFields(doc.doc ?? {}, person)) };
      if (await replaceIf(name, next as never, partition, current.etag)) return true;
      const again = await read<Record<string, unknown>>(name, raw.id, partition);
      current = again && { doc: own(again.doc as unknown as Raw), etag: again.etag };
    }
    return false;
  };
  return (person) =>
    guard(async () => {
      const id = person.aadObjectId.toLowerCase();
      const byId = { '@id': id };
      // Answers: named ones by the person's id, anonymous ones by each poll's keyed hash (nothing else links them to the person).
      const named = await query<{ id: string; pollId: string }>('responses', 'SELECT c.id, c.pollId FROM c WHERE LOWER(c.doc.aadObjectId) = @id', byId);
      let namedResponses = 0;
      for (const doc of named) if (await remove('responses', doc.id, doc.pollId)) namedResponses++;
      let anonymousResponses = 0;
      for (const r of person.anonymousResponses) if (await remove('responses', cosmosId(r.respondentKey), r.pollId)) anonymousResponses++;
      const counts = {
        profiles: await deleteWhere('profiles', 'LOWER(c.doc.aadObjectId) = @id', byId),
        namedResponses,
        anonymousResponses,
        installations: await deleteWhere('installations', "c.kind = 'personal' AND LOWER(c.doc.aadObjectId) = @id", byId),
        digestSubscriptions: await deleteWhere('digestSubscriptions', 'LOWER(c.doc.aadObjectId) = @id', byId),
        leadGrants: await deleteWhere('leads', 'LOWER(c.doc.aadObjectId) = @id', byId),
        conversationState: 0,
        deliveries: 0,
        scrubbed: 0,
      };
      await deleteWhere('claims', 'LOWER(c.doc.installationId) = @installation', { '@installation': `personal:${id}` });
      for (const conversationId of person.conversationIds) {
        // botbuilder keeps a conversation's state under one key: a point delete.
        const key = cosmosId(`msteams/conversations/${conversationId}/`);
        if (await remove('conversationState', key, key)) counts.conversationState++;
        counts.deliveries += await deleteWhere('deliveries', 'LOWER(c.doc.target.channelId) = @chat', { '@chat': conversationId.toLowerCase() });
      }
      for (const [name, path] of Object.entries(PERSON_FIELDS) as [ScrubbedTable, string][]) {
        for (const raw of await query<Raw>(name, `SELECT * FROM c WHERE LOWER(c.doc.${path}) = @id`, byId)) {
          if (await scrub(name, raw, person)) counts.scrubbed++;
        }
      }
      return counts;
    });
}
