import type { DatabaseSync } from 'node:sqlite';
import type { ContentRepository } from '../../../application/ports/content-repository';
import type { StoredCatalog } from '../../../domain/content-edit';
import { type Guard, parseOptionalRow } from './internal/rows';

const ID = 'catalog';

/** The edited content: one row, saved with a version condition (an insert when none is stored yet). */
export function sqliteContent(db: DatabaseSync, guard: Guard): ContentRepository {
  return {
    get: async () => guard(() => parseOptionalRow<StoredCatalog>(db.prepare('SELECT body FROM content WHERE id = ?').get(ID) as { body: string } | undefined)),
    save: async (content, expectedVersion) =>
      guard(() => {
        const body = JSON.stringify(content);
        if (expectedVersion === 0) {
          return (
            Number(
              db.prepare('INSERT INTO content (id, version, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING').run(ID, content.version, body).changes,
            ) === 1
          );
        }
        return (
          Number(
            db.prepare('UPDATE content SET version = ?, body = ? WHERE id = ? AND version = ?').run(content.version, body, ID, expectedVersion).changes,
          ) === 1
        );
      }),
  };
}
