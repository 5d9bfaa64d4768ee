import type { DatabaseSync } from 'node:sqlite';
import { type ErasureCounts, type PersonToErase, mentions, scrubPerson } from '../../../domain/erasure';
import type { Guard } from './rows';
import { transaction } from './schema';

/** The tables whose rows keep other people's records, scrubbed of the person: [table, key column]. */
const SCRUBBED: readonly (readonly [string, readonly string[]])[] = [
  ['installations', ['id']],
  ['polls', ['id']],
  ['responses', ['poll_id', 'respondent_key']],
  ['deliveries', ['id']],
  ['leads', ['aad_object_id']],
  ['conversation_state', ['key']],
  ['weekly_pulses', ['id']],
  ['digests', ['week_id']],
  ['digest_subscriptions', ['aad_object_id']],
];

/**
 * Erases a person in one transaction (see Store.erasePerson). SQLite runs with secure_delete
 * on, so deleted and rewritten rows are overwritten with zeros, and the WAL is checkpointed and
 * truncated after, so no copy of the old pages stays in either file.
 */
export function sqliteErasure(db: DatabaseSync, guard: Guard): (person: PersonToErase) => Promise<ErasureCounts> {
  return async (person) =>
    guard(() => {
      const id = person.aadObjectId.toLowerCase();
      const counts = transaction(db, () => {
        const run = (sql: string, ...params: string[]) => Number(db.prepare(sql).run(...params).changes);
        const profiles = run('DELETE FROM profiles WHERE lower(aad_object_id) = ?', id);
        const namedResponses = run("DELETE FROM responses WHERE lower(json_extract(body, '$.aadObjectId')) = ?", id);
        let anonymousResponses = 0;
        const byKey = db.prepare('DELETE FROM responses WHERE poll_id = ? AND respondent_key = ?');
        for (const r of person.anonymousResponses) anonymousResponses += Number(byKey.run(r.pollId, r.respondentKey).changes);
        const installations = run("DELETE FROM installations WHERE kind = 'personal' AND lower(json_extract(body, '$.aadObjectId')) = ?", id);
        run('DELETE FROM welcomes WHERE lower(installation_id) = ?', `personal:${id}`);
        const digestSubscriptions = run('DELETE FROM digest_subscriptions WHERE lower(aad_object_id) = ?', id);
        const leadGrants = run('DELETE FROM leads WHERE lower(aad_object_id) = ?', id);
        let conversationState = 0;
        let deliveries = 0;
        for (const conversationId of person.conversationIds) {
          conversationState += run('DELETE FROM conversation_state WHERE instr(key, ?) > 0', conversationId);
          deliveries += run("DELETE FROM deliveries WHERE json_extract(body, '$.target.channelId') = ?", conversationId);
        }
        let scrubbed = 0;
        for (const [table, keys] of SCRUBBED) {
          const update = db.prepare(`UPDATE ${table} SET body = ? WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`);
          const rows = db.prepare(`SELECT ${keys.join(', ')}, body FROM ${table}`).all() as Record<string, string>[];
          for (const row of rows) {
            if (!mentions(row.body!, person)) continue;
            update.run(JSON.stringify(scrubPerson(JSON.parse(row.body!) as unknown, person)), ...keys.map((k) => row[k]!));
            scrubbed++;
          }
        }
        return { profiles, namedResponses, anonymousResponses, installations, digestSubscriptions, leadGrants, conversationState, deliveries, scrubbed };
      });
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      return counts;
    });
}
