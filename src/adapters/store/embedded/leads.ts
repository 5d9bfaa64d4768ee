import type { DatabaseSync } from 'node:sqlite';
import type { LeadGrant, LeadRepository } from '../../../application/ports/lead-repository';
import { type Guard, parseOptionalRow, parseRow } from './internal/rows';

export function sqliteLeads(db: DatabaseSync, guard: Guard): LeadRepository {
  return {
    list: async () => guard(() => (db.prepare('SELECT body FROM leads ORDER BY aad_object_id').all() as { body: string }[]).map(parseRow<LeadGrant>)),
    get: async (id) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM leads WHERE aad_object_id = ?').get(id) as { body: string } | undefined;
        return parseOptionalRow<LeadGrant>(row);
      }),
    save: async (grant) =>
      guard(() => {
        db.prepare('INSERT INTO leads (aad_object_id, body) VALUES (?, ?) ON CONFLICT (aad_object_id) DO UPDATE SET body = excluded.body').run(
          grant.aadObjectId,
          JSON.stringify(grant),
        );
      }),
    remove: async (id) => guard(() => Number(db.prepare('DELETE FROM leads WHERE aad_object_id = ?').run(id).changes) === 1),
  };
}
