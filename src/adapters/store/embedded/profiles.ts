import type { DatabaseSync } from 'node:sqlite';
import type { ProfileRepository } from '../../../application/ports/profile-repository';
import type { Profile } from '../../../domain/response';
import { type Guard, parseRow } from './internal/rows';

/**
 * Profiles, read on every answer (for the person's profession), are all kept in memory: read
 * from the file once, then kept as this process writes them. It is the file's only writer;
 * an erasure, which deletes rows itself, calls `forget`, and they are read again. They are
 * few: one a person who set a profession (a few MB for tens of thousands).
 */
export function sqliteProfiles(db: DatabaseSync, guard: Guard): ProfileRepository & { forget(): void } {
  let all: Map<string, Profile> | undefined;
  const known = () =>
    (all ??= new Map(
      (db.prepare('SELECT aad_object_id AS id, body FROM profiles').all() as { id: string; body: string }[]).map((row) => [
        row.id,
        Object.freeze(parseRow<Profile>(row)),
      ]),
    ));
  return {
    get: async (aadObjectId) => guard(() => known().get(aadObjectId)),
    save: async (profile) =>
      guard(() => {
        const profiles = known();
        const body = JSON.stringify(profile);
        db.prepare('INSERT INTO profiles (aad_object_id, body) VALUES (?, ?) ON CONFLICT (aad_object_id) DO UPDATE SET body = excluded.body').run(
          profile.aadObjectId,
          body,
        );
        profiles.set(profile.aadObjectId, Object.freeze(parseRow<Profile>({ body })));
      }),
    forget: () => {
      all = undefined;
    },
  };
}
