import type { DatabaseSync } from 'node:sqlite';
import type { DigestRepository } from '../../../application/ports/digest-repository';
import type { DigestPublication } from '../../../domain/publication';
import { type Guard, parseOptionalRow, parseRow } from './internal/rows';

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
