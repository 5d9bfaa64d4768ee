import type { Profile } from '../../domain/response';

/** What a person told the bot about themselves: their profession. */
export interface ProfileRepository {
  get(aadObjectId: string): Promise<Profile | undefined>;
  save(profile: Profile): Promise<void>;
}
