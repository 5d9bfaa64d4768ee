import type { ProfileRepository } from '../../../application/ports/profile-repository';
import type { Profile } from '../../../domain/response';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

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
