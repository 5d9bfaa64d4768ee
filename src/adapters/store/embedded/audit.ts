import type { DatabaseSync } from 'node:sqlite';
import type { AuditRepository } from '../../../application/ports/audit-repository';
import type { OneTimeTokenRepository } from '../../../application/ports/one-time-token-repository';
import type { AuditRecord } from '../../../domain/audit';
import { type Guard, parseRow } from './rows';

/** Single-use tokens: the primary key makes the second use fail, however many callers race. */
export function sqliteOneTimeTokens(db: DatabaseSync, guard: Guard): OneTimeTokenRepository {
  return {
    use: async (id, expiresAt) =>
      guard(() => Number(db.prepare('INSERT INTO used_tokens (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING').run(id, expiresAt).changes) === 1),
    purgeExpired: async (now) => guard(() => Number(db.prepare('DELETE FROM used_tokens WHERE expires_at < ?').run(now).changes)),
  };
}

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
