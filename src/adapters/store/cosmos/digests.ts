import type { DigestRepository } from '../../../application/ports/digest-repository';
import type { DigestPublication } from '../../../domain/publication';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

/** Published digests, one document a week (id: the week); a create fails with 409 when the week is already recorded. */
export function cosmosDigests({ guard, read, query, createOnce, replaceIfVersion }: CosmosContext): DigestRepository {
  const doc = (p: DigestPublication): Doc<DigestPublication> => ({ id: cosmosId(p.weekId), weekId: p.weekId, doc: p, version: p.version });
  return {
    create: (publication) => guard(() => createOnce('digests', doc(publication))),
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
