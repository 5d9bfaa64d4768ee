import type { LeadGrant, LeadRepository } from '../../../application/ports/lead-repository';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

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
