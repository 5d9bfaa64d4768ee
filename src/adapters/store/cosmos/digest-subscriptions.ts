import type { DigestSubscriptionRepository } from '../../../application/ports/digest-subscription-repository';
import type { DigestSubscription } from '../../../domain/publication';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

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
