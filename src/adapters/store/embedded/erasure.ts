import type { DatabaseSync } from 'node:sqlite';
import { bumpedVersion, type ErasureCounts, PERSON_FIELDS, type PersonToErase, type ScrubbedTable, scrubPersonFields } from '../../../domain/erasure';
import type { Guard } from './internal/rows';
import { transaction } from './migrations';

/** Each scrubbed table: its name, its key columns, and whether it keeps a version column. */
const TABLES: Readonly<Record<ScrubbedTable, { readonly table: string; readonly keys: readonly string[]; readonly versioned: boolean }>> = {
  installations: { table: 'installations', keys: ['id'], versioned: false },
  polls: { table: 'polls', keys: ['id'], versioned: true },
  weeklyPulses: { table: 'weekly_pulses', keys: ['id'], versioned: true },
  leads: { table: 'leads', keys: ['aad_object_id'], versioned: false },
  deliveries: { table: 'deliveries', keys: ['id'], versioned: false },
};

/** The indexed expression for a person field (migrations.ts makes an index on each). */
export const personFieldSql = (path: string) => `lower(json_extract(body, '$.${path}'))`;

/** Rows rewritten a transaction: between them, the answers queued meanwhile are written. */
const SCRUB_BATCH = 100;

const yieldToAnswers = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Erases a person (see Store.erasePerson) at the cost of their own data: every read is by an
 * index (their object id, their answers' keys, their chat's id), never a scan of the responses.
 * Their own records go in one short transaction; records of others that name them (found by
 * the identity fields of PERSON_FIELDS) are rewritten a batch at a time, yielding between
 * batches, with only those fields scrubbed and their version moved on. SQLite runs with
 * secure_delete on, so deleted and rewritten rows are overwritten with zeros, and the WAL is
 * checkpointed and truncated after, so no copy of the old pages stays in either file.
 */
export function sqliteErasure(db: DatabaseSync, guard: Guard): (person: PersonToErase) => Promise<ErasureCounts> {
  return async (person) => {
    const id = person.aadObjectId.toLowerCase();
    const own = guard(() =>
      transaction(db, () => {
        const run = (sql: string, ...params: string[]) => Number(db.prepare(sql).run(...params).changes);
        const profiles = run('DELETE FROM profiles WHERE aad_object_id = ? OR aad_object_id = ?', person.aadObjectId, id);
        const namedResponses = run(
          "DELETE FROM responses WHERE json_extract(body, '$.aadObjectId') IS NOT NULL AND lower(json_extract(body, '$.aadObjectId')) = ?",
          id,
        );
        let anonymousResponses = 0;
        const byKey = db.prepare('DELETE FROM responses WHERE poll_id = ? AND respondent_key = ?');
        for (const r of person.anonymousResponses) anonymousResponses += Number(byKey.run(r.pollId, r.respondentKey).changes);
        const installations = run('DELETE FROM installations WHERE id = ? OR id = ?', `personal:${person.aadObjectId}`, `personal:${id}`);
        run('DELETE FROM welcomes WHERE installation_id = ? OR installation_id = ?', `personal:${person.aadObjectId}`, `personal:${id}`);
        const digestSubscriptions = run('DELETE FROM digest_subscriptions WHERE aad_object_id = ? OR aad_object_id = ?', person.aadObjectId, id);
        const leadGrants = run('DELETE FROM leads WHERE aad_object_id = ? OR aad_object_id = ?', person.aadObjectId, id);
        let conversationState = 0;
        let deliveries = 0;
        for (const conversationId of person.conversationIds) {
          // Keys are msteams/conversations/<conversation id>/…: a range of the primary key.
          const prefix = `msteams/conversations/${conversationId}/`;
          conversationState += run('DELETE FROM conversation_state WHERE key >= ? AND key < ?', prefix, `${prefix}\uffff`);
          deliveries += run(`DELETE FROM deliveries WHERE ${personFieldSql('target.channelId')} = ?`, conversationId.toLowerCase());
        }
        return { profiles, namedResponses, anonymousResponses, installations, digestSubscriptions, leadGrants, conversationState, deliveries };
      }),
    );
    let scrubbed = 0;
    for (const [name, path] of Object.entries(PERSON_FIELDS) as [ScrubbedTable, string][]) {
      const { table, keys, versioned } = TABLES[name];
      const found = guard(
        () => db.prepare(`SELECT ${keys.join(', ')}, body FROM ${table} WHERE ${personFieldSql(path)} = ?`).all(id) as Record<string, string>[],
      );
      for (let i = 0; i < found.length; i += SCRUB_BATCH) {
        scrubbed += guard(() =>
          transaction(db, () => {
            const update = db.prepare(
              `UPDATE ${table} SET body = ?${versioned ? ', version = version + 1' : ''} WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`,
            );
            let n = 0;
            for (const row of found.slice(i, i + SCRUB_BATCH)) {
              const next = scrubPersonFields(JSON.parse(row.body!) as unknown, person);
              n += Number(update.run(JSON.stringify(versioned ? bumpedVersion(next) : next), ...keys.map((k) => row[k]!)).changes);
            }
            return n;
          }),
        );
        await yieldToAnswers();
      }
    }
    guard(() => db.exec('PRAGMA wal_checkpoint(TRUNCATE)'));
    return { ...own, scrubbed };
  };
}
