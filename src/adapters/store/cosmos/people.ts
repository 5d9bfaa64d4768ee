import type { LeadGrant, LeadRepository, PersonDataDeleted, ProfileRepository } from '../../../application/ports';
import type { Profile } from '../../../domain/response';
import type { CosmosContext, Doc } from './cosmos-context';
import { cosmosId } from './cosmos-ids';

/** What a person told the bot about themselves: their profession. */
export function cosmosProfiles({ c, guard, read, count }: CosmosContext): ProfileRepository {
  return {
    get: (aadObjectId) => guard(async () => (await read<Profile>('profiles', cosmosId(aadObjectId), cosmosId(aadObjectId)))?.doc.doc),
    save: (profile) =>
      guard(async () => {
        count(await c('profiles').items.upsert<Doc<Profile>>({ id: cosmosId(profile.aadObjectId), doc: profile }));
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

/** Everything held about one person, erased: profile, named answers, personal chat, digest subscription. */
export function cosmosPersonData({ guard, query, remove }: CosmosContext): (aadObjectId: string) => Promise<PersonDataDeleted> {
  return async (aadObjectId) =>
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
    });
}
