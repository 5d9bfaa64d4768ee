import type { DatabaseSync } from 'node:sqlite';
import type { DigestSubscriptionRepository } from '../../../application/ports/digest-subscription-repository';
import type { DigestSubscription } from '../../../domain/publication';
import { type Guard, parseOptionalRow, parseRow } from './internal/rows';

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
