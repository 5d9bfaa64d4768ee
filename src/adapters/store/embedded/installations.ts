import type { DatabaseSync } from 'node:sqlite';
import type { InstallationRepository } from '../../../application/ports/installation-repository';
import type { Installation } from '../../../domain/installation';
import { type Guard, parseOptionalRow, parseRow } from './internal/rows';

/** Where the bot is installed, and the one welcome each installation gets (a claim written once). */
export function sqliteInstallations(db: DatabaseSync, guard: Guard): InstallationRepository {
  return {
    save: async (installation) =>
      guard(() => {
        db.prepare(
          `INSERT INTO installations (id, kind, status, body, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, status = excluded.status,
             body = excluded.body, updated_at = excluded.updated_at`,
        ).run(installation.id, installation.kind, installation.status, JSON.stringify(installation), installation.updatedAt);
      }),
    get: async (id) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM installations WHERE id = ?').get(id) as { body: string } | undefined;
        return parseOptionalRow<Installation>(row);
      }),
    list: async (filter = {}) =>
      guard(() => {
        const rows = db
          .prepare(
            `SELECT body FROM installations
             WHERE (:kind IS NULL OR kind = :kind) AND (:status IS NULL OR status = :status) ORDER BY id`,
          )
          .all({ kind: filter.kind ?? null, status: filter.status ?? null }) as { body: string }[];
        return rows.map(parseRow<Installation>);
      }),
    claimWelcome: async (id, at) =>
      guard(() => {
        const result = db.prepare('INSERT OR IGNORE INTO welcomes (installation_id, claimed_at) VALUES (?, ?)').run(id, at);
        return Number(result.changes) === 1;
      }),
    releaseWelcome: async (id) =>
      guard(() => {
        db.prepare('DELETE FROM welcomes WHERE installation_id = ?').run(id);
      }),
  };
}
