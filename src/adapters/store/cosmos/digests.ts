import type { DigestRepository } from '../../../application/ports/digest-repository';
import type { DigestSubscriptionRepository } from '../../../application/ports/digest-subscription-repository';
import type { DigestPublication, DigestSubscription } from '../../../domain/publication';
import type { CosmosContext, Doc } from './cosmos-context';
import { cosmosId } from './cosmos-ids';

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
