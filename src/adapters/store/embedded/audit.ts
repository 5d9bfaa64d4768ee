import type { DatabaseSync } from 'node:sqlite';
import type { AuditRepository } from '../../../application/ports/audit-repository';
import type { AuditRecord } from '../../../domain/audit';
import { type Guard, parseRow } from './internal/rows';

/** The audit log; triggers in the schema refuse any UPDATE or DELETE of it. */
export function sqliteAudit(db: DatabaseSync, guard: Guard): AuditRepository {
  return {
    append: async (record) =>
      guard(() => {
        db.prepare('INSERT INTO audit (id, at, body) VALUES (?, ?, ?)').run(record.id, record.at, JSON.stringify(record));
      }),
    listSince: async (since, limit) =>
      guard(() =>
        (db.prepare('SELECT body FROM audit WHERE at >= ? ORDER BY at, id LIMIT ?').all(since, limit) as { body: string }[]).map(parseRow<AuditRecord>),
      ),
  };
}
