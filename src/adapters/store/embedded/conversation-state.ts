import type { DatabaseSync } from 'node:sqlite';
import type { ConversationStateRepository } from '../../../application/ports/conversation-state-repository';
import { type Guard, parseRow } from './internal/rows';
import { transaction } from './migrations';

/** The compose dialog's drafts and other conversation state, by key. */
export function sqliteConversationState(db: DatabaseSync, guard: Guard): ConversationStateRepository {
  return {
    read: async (keys) =>
      guard(() => {
        const get = db.prepare('SELECT body FROM conversation_state WHERE key = ?');
        const found: Record<string, unknown> = {};
        for (const key of keys) {
          const row = get.get(key) as { body: string } | undefined;
          if (row) found[key] = parseRow<Record<string, unknown>>(row);
        }
        return found;
      }),
    write: async (changes) =>
      guard(() => {
        const put = db.prepare(
          'INSERT INTO conversation_state (key, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
        );
        const now = new Date().toISOString();
        transaction(db, () => {
          for (const [key, value] of Object.entries(changes)) put.run(key, JSON.stringify(value), now);
        });
      }),
    delete: async (keys) =>
      guard(() => {
        const del = db.prepare('DELETE FROM conversation_state WHERE key = ?');
        for (const key of keys) del.run(key);
      }),
    purgeUnchangedSince: async (cutoff) => guard(() => Number(db.prepare('DELETE FROM conversation_state WHERE updated_at < ?').run(cutoff).changes)),
  };
}
