import type { DatabaseSync } from 'node:sqlite';
import { repairPostingsIn } from '../posting-repair';
import { parseRow } from './internal/rows';

/**
 * What a response's results count, as JSON text: its answer, with the words of an open answer
 * left out (results never show them, and counts must keep none).
 */
function answerKey(row: string): string {
  return `CASE json_extract(${row}.body, '$.value.kind') WHEN 'open' THEN json_set(json_extract(${row}.body, '$.value'), '$.text', '') ELSE json_extract(${row}.body, '$.value') END`;
}

/**
 * The embedded store's schema, as numbered steps. PRAGMA user_version records how many have
 * run; a file with a higher number was written by newer code and is refused, not guessed at.
 */
export const MIGRATIONS: readonly (string | ((db: DatabaseSync) => void))[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE installations (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     body TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX installations_by_kind ON installations (kind, status);
   CREATE TABLE welcomes (installation_id TEXT PRIMARY KEY, claimed_at TEXT NOT NULL);`,
  `CREATE TABLE polls (
     id TEXT PRIMARY KEY,
     status TEXT NOT NULL,
     closes_at TEXT NOT NULL,
     reminder_due TEXT,
     version INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX polls_due ON polls (status, closes_at);
   CREATE INDEX polls_reminder_due ON polls (status, reminder_due);
   CREATE TABLE responses (
     poll_id TEXT NOT NULL,
     respondent_key TEXT NOT NULL,
     answered_at TEXT NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (poll_id, respondent_key)
   ) WITHOUT ROWID;
   CREATE TABLE profiles (aad_object_id TEXT PRIMARY KEY, body TEXT NOT NULL);`,
  `CREATE TABLE deliveries (
     id TEXT PRIMARY KEY,
     poll_id TEXT NOT NULL,
     status TEXT NOT NULL,
     not_before TEXT NOT NULL,
     lease_until TEXT,
     claimed_by TEXT,
     body TEXT NOT NULL
   );
   CREATE INDEX deliveries_due ON deliveries (status, not_before);
   CREATE INDEX deliveries_by_poll ON deliveries (poll_id);
   CREATE TABLE leads (aad_object_id TEXT PRIMARY KEY, body TEXT NOT NULL);
   CREATE TABLE conversation_state (key TEXT PRIMARY KEY, body TEXT NOT NULL);
   CREATE TABLE weekly_pulses (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL);`,
  `CREATE TABLE digests (week_id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL);
   CREATE TABLE digest_subscriptions (aad_object_id TEXT PRIMARY KEY, body TEXT NOT NULL);`,
  // Postings stored before the fix name the thread's id as the card's activity id (see repairPosting).
  (db) => {
    for (const table of ['polls', 'deliveries'] as const) {
      const update = db.prepare(`UPDATE ${table} SET body = ? WHERE id = ?`);
      for (const row of db.prepare(`SELECT id, body FROM ${table}`).all() as { id: string; body: string }[]) {
        const repaired = repairPostingsIn(parseRow<Record<string, unknown>>(row));
        if (repaired) update.run(JSON.stringify(repaired), row.id);
      }
    }
  },
  // A delivery names what it is about in its own field, its subject (a poll, or a week's digest).
  'ALTER TABLE deliveries RENAME COLUMN poll_id TO subject;',
  // Single-use export links, and the append-only audit log (no UPDATE, no DELETE: triggers say no).
  `CREATE TABLE used_tokens (id TEXT PRIMARY KEY, expires_at TEXT NOT NULL);
   CREATE TABLE audit (id TEXT PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL);
   CREATE INDEX audit_at ON audit (at);
   CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
  // Conversation state says when it was last written, for RETENTION_DAYS (older rows count as old).
  "ALTER TABLE conversation_state ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';",
  // Each poll's answers counted as they are written (triggers: every insert, change and delete,
  // whoever makes it), so a card's results read a few rows, not every response of a big poll.
  `CREATE TABLE answer_counts (poll_id TEXT NOT NULL, answer TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (poll_id, answer)) WITHOUT ROWID;
   CREATE TRIGGER answer_counts_insert AFTER INSERT ON responses BEGIN
     INSERT INTO answer_counts (poll_id, answer, n) VALUES (NEW.poll_id, ${answerKey('NEW')}, 1)
       ON CONFLICT (poll_id, answer) DO UPDATE SET n = n + 1;
   END;
   CREATE TRIGGER answer_counts_update AFTER UPDATE OF body ON responses BEGIN
     UPDATE answer_counts SET n = n - 1 WHERE poll_id = OLD.poll_id AND answer = ${answerKey('OLD')};
     INSERT INTO answer_counts (poll_id, answer, n) VALUES (NEW.poll_id, ${answerKey('NEW')}, 1)
       ON CONFLICT (poll_id, answer) DO UPDATE SET n = n + 1;
     DELETE FROM answer_counts WHERE poll_id = OLD.poll_id AND n <= 0;
   END;
   CREATE TRIGGER answer_counts_delete AFTER DELETE ON responses BEGIN
     UPDATE answer_counts SET n = n - 1 WHERE poll_id = OLD.poll_id AND answer = ${answerKey('OLD')};
     DELETE FROM answer_counts WHERE poll_id = OLD.poll_id AND n <= 0;
   END;
   INSERT INTO answer_counts (poll_id, answer, n) SELECT poll_id, ${answerKey('responses')}, COUNT(*) FROM responses WHERE true GROUP BY 1, 2;`,
  // A person's named answers found by their object id, not by reading every response (my data, erasure).
  `CREATE INDEX IF NOT EXISTS responses_person ON responses (lower(json_extract(body, '$.aadObjectId'))) WHERE json_extract(body, '$.aadObjectId') IS NOT NULL;`,
  // An erasure finds the records of others that name the person by these fields (domain/erasure.ts, PERSON_FIELDS), and their chat's deliveries.
  `CREATE INDEX IF NOT EXISTS installations_person ON installations (lower(json_extract(body, '$.address.user.aadObjectId')));
   CREATE INDEX IF NOT EXISTS polls_author ON polls (lower(json_extract(body, '$.author.aadObjectId')));
   CREATE INDEX IF NOT EXISTS weekly_pulses_author ON weekly_pulses (lower(json_extract(body, '$.createdBy.aadObjectId')));
   CREATE INDEX IF NOT EXISTS leads_added_by ON leads (lower(json_extract(body, '$.addedBy')));
   CREATE INDEX IF NOT EXISTS deliveries_person ON deliveries (lower(json_extract(body, '$.target.address.user.aadObjectId')));
   CREATE INDEX IF NOT EXISTS deliveries_channel ON deliveries (lower(json_extract(body, '$.target.channelId')));`,
  // The content admins edit in the bot (priorities, workforce figures): one versioned row over the seed in content/.
  `CREATE TABLE IF NOT EXISTS content (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
export const APP_MARKER = 'ahp-pulse';

export function schemaVersionOf(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

export function userTableCount(db: DatabaseSync): number {
  const row = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get() as { n: number } | undefined;
  return row?.n ?? 0;
}

/** Runs `work` in one write transaction: all of it is stored, or none. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Runs the steps from `from` to the newest, each in its own transaction. */
export function migrate(db: DatabaseSync, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    transaction(db, () => {
      const step = MIGRATIONS[version]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      if (version === 0) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('app', APP_MARKER);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}
