import type { DatabaseSync } from 'node:sqlite';
import type { OneTimeTokenRepository } from '../../../application/ports/one-time-token-repository';
import type { Guard } from './internal/rows';

/** Single-use tokens: the primary key makes the second use fail, however many callers race. */
export function sqliteOneTimeTokens(db: DatabaseSync, guard: Guard): OneTimeTokenRepository {
  return {
    use: async (id, expiresAt) =>
      guard(() => Number(db.prepare('INSERT INTO used_tokens (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING').run(id, expiresAt).changes) === 1),
    purgeExpired: async (now) => guard(() => Number(db.prepare('DELETE FROM used_tokens WHERE expires_at < ?').run(now).changes)),
  };
}
