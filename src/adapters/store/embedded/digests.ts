import { type Guard, parseRow, parseOptionalRow } from './rows';
import type { DatabaseSync } from 'node:sqlite';
import type { DigestRepository } from '../../../application/ports/digest-repository';
import type { DigestSubscriptionRepository } from '../../../application/ports/digest-subscription-repository';
import type { DigestPublication, DigestSubscription } from '../../../domain/publication';

/** Published digests: the week's id is the primary key, so a second publication of a week is refused by SQLite itself. */
export function sqliteDigests(db: DatabaseSync, guard: Guard): DigestRepository {
  return {
    create: async (publication) =>
      guard(
        () =>
          Number(
            db
              .prepare('INSERT OR IGNORE INTO digests (week_id, version, body) VALUES (?, ?, ?)')
              .run(publication.weekId, publication.version, JSON.stringify(publication)).changes,
          ) === 1,
      ),
    get: async (weekId) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM digests WHERE week_id = ?').get(weekId) as { body: string } | undefined;
        return parseOptionalRow<DigestPublication>(row);
      }),
    list: async (limit) =>
      guard(() => (db.prepare('SELECT body FROM digests ORDER BY week_id DESC LIMIT ?').all(limit) as { body: string }[]).map(parseRow<DigestPublication>)),
    update: async (publication, expectedVersion) =>
      guard(
        () =>
          Number(
            db
              .prepare('UPDATE digests SET version = ?, body = ? WHERE week_id = ? AND version = ?')
              .run(publication.version, JSON.stringify(publication), publication.weekId, expectedVersion).changes,
          ) === 1,
      ),
  };
}

export function sqliteDigestSubscriptions(db: DatabaseSync, guard: Guard): DigestSubscriptionRepository {
  return {
    save: async (subscription) =>
      guard(() => {
        db.prepare('INSERT INTO digest_subscriptions (aad_object_id, body) VALUES (?, ?) ON CONFLICT (aad_object_id) DO UPDATE SET body = excluded.body').run(
          subscription.aadObjectId,
          JSON.stringify(subscription),
        );
      }),
    remove: async (id) => guard(() => Number(db.prepare('DELETE FROM digest_subscriptions WHERE aad_object_id = ?').run(id).changes) === 1),
    get: async (id) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM digest_subscriptions WHERE aad_object_id = ?').get(id) as { body: string } | undefined;
        return parseOptionalRow<DigestSubscription>(row);
      }),
    list: async () =>
      guard(() => (db.prepare('SELECT body FROM digest_subscriptions ORDER BY aad_object_id').all() as { body: string }[]).map(parseRow<DigestSubscription>)),
  };
}
