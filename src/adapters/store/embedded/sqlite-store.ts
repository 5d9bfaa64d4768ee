import { parseRow, parseOptionalRow } from './rows';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { InstallationRepository, Store } from '../../../application/ports';
import type { Installation } from '../../../domain/installation';
import type { WeeklyPulse } from '../../../domain/weekly';
import { StoreError } from '../../../application/store-error';
import { sqliteDeliveries } from './sqlite-deliveries';
import { sqliteDigestSubscriptions, sqliteDigests } from './sqlite-digests';
import { sqliteLeads, sqlitePolls, sqliteProfiles, sqliteResponses } from './sqlite-polls';
import { APP_MARKER, SCHEMA_VERSION, migrate, schemaVersionOf, transaction, userTableCount } from './schema';

export const DATA_FILE_NAME = 'ahp-pulse.sqlite';

/**
 * The embedded store: one SQLite file under DATA_DIR, through Node's built-in node:sqlite,
 * so `npm start` needs no database server and no account. SQLite serialises writers, and
 * every method here runs synchronously between awaits, so a check-then-write is atomic.
 */
export function openSqliteStore(dataDir: string): Store {
  const file = path.join(dataDir, DATA_FILE_NAME);
  const db = openDatabase(dataDir, file);
  let closed = false;

  const guard = <T>(work: () => T): T => {
    if (closed) throw new StoreError('ahp_pulse_store_closed', `The embedded store (${file}) is closed.`);
    try {
      return work();
    } catch (error) {
      throw translate(error, file);
    }
  };

  const installations: InstallationRepository = {
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

  return {
    description: `embedded (SQLite at ${file})`,
    installations,
    polls: sqlitePolls(db, guard),
    responses: sqliteResponses(db, guard),
    profiles: sqliteProfiles(db, guard),
    deliveries: sqliteDeliveries(db, guard),
    leads: sqliteLeads(db, guard),
    weeklyPulses: {
      create: async (pulse) =>
        guard(() => {
          db.prepare('INSERT INTO weekly_pulses (id, version, body) VALUES (?, ?, ?)').run(pulse.id, pulse.version, JSON.stringify(pulse));
        }),
      get: async (id) =>
        guard(() => {
          const row = db.prepare('SELECT body FROM weekly_pulses WHERE id = ?').get(id) as { body: string } | undefined;
          return parseOptionalRow<WeeklyPulse>(row);
        }),
      list: async () => guard(() => (db.prepare('SELECT body FROM weekly_pulses ORDER BY id').all() as { body: string }[]).map(parseRow<WeeklyPulse>)),
      update: async (pulse, expectedVersion) =>
        guard(
          () =>
            Number(
              db
                .prepare('UPDATE weekly_pulses SET version = ?, body = ? WHERE id = ? AND version = ?')
                .run(pulse.version, JSON.stringify(pulse), pulse.id, expectedVersion).changes,
            ) === 1,
        ),
    },
    digests: sqliteDigests(db, guard),
    digestSubscriptions: sqliteDigestSubscriptions(db, guard),
    conversationState: {
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
          const put = db.prepare('INSERT INTO conversation_state (key, body) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body');
          transaction(db, () => {
            for (const [key, value] of Object.entries(changes)) put.run(key, JSON.stringify(value));
          });
        }),
      delete: async (keys) =>
        guard(() => {
          const del = db.prepare('DELETE FROM conversation_state WHERE key = ?');
          for (const key of keys) del.run(key);
        }),
    },
    deletePersonData: async (aadObjectId) =>
      guard(() => {
        const id = aadObjectId.toLowerCase();
        return transaction(db, () => {
          const profiles = Number(db.prepare('DELETE FROM profiles WHERE aad_object_id = ?').run(id).changes);
          const namedResponses = Number(db.prepare("DELETE FROM responses WHERE json_extract(body, '$.aadObjectId') = ?").run(id).changes);
          const installations = Number(
            db.prepare("DELETE FROM installations WHERE kind = 'personal' AND lower(json_extract(body, '$.aadObjectId')) = ?").run(id).changes,
          );
          const digestSubscriptions = Number(db.prepare('DELETE FROM digest_subscriptions WHERE aad_object_id = ?').run(id).changes);
          return { profiles, namedResponses, installations, digestSubscriptions };
        });
      }),
    ping: async () =>
      guard(() => {
        db.prepare('SELECT value FROM meta WHERE key = ?').get('app');
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function openDatabase(dataDir: string, file: string): DatabaseSync {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new StoreError(
      'ahp_pulse_store_unwritable',
      `The data directory ${dataDir} cannot be created (${(error as Error).message}). Set DATA_DIR to a folder the bot may write to.`,
      { cause: error },
    );
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file);
  } catch (error) {
    throw translate(error, file);
  }
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const version = schemaVersionOf(db);
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        'ahp_pulse_store_schema_too_new',
        `The data file ${file} was written by a newer AHP Pulse (schema ${version}; this code knows up to ${SCHEMA_VERSION}). ` +
          'Run the newer version, or restore a backup made by this one. The file was not changed.',
      );
    }
    if (version === 0 && userTableCount(db) > 0) {
      throw new StoreError(
        'ahp_pulse_store_not_ours',
        `The data file ${file} holds tables that AHP Pulse did not create. Point DATA_DIR at another folder; the file was not changed.`,
      );
    }
    if (version > 0) assertOurs(db, file);
    db.exec('PRAGMA journal_mode = WAL');
    migrate(db, version);
    // A real write at start-up, so an unwritable file fails now rather than at the first answer.
    db.prepare("INSERT INTO meta (key, value) VALUES ('opened_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(new Date().toISOString());
    return db;
  } catch (error) {
    db.close();
    throw translate(error, file);
  }
}

function assertOurs(db: DatabaseSync, file: string): void {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'app'").get() as { value: string } | undefined;
  if (row?.value !== APP_MARKER) {
    throw new StoreError('ahp_pulse_store_not_ours', `The data file ${file} was not written by AHP Pulse. Point DATA_DIR at another folder.`);
  }
}

/** Turns SQLite's terse errors into ones that name the file and say what to do. */
function translate(error: unknown, file: string): Error {
  if (error instanceof StoreError) return error;
  const message = (error as Error)?.message ?? String(error);
  if (/not a database|malformed|corrupt/i.test(message)) {
    return new StoreError(
      'ahp_pulse_store_corrupt',
      `The data file ${file} is damaged or is not a database (${message}). Restore it from a backup, or move it aside to start an empty store; it was not changed.`,
      { cause: error },
    );
  }
  if (/readonly|read-only|unable to open|permission|access/i.test(message)) {
    return new StoreError(
      'ahp_pulse_store_unwritable',
      `The data file ${file} cannot be opened for writing (${message}). Give the bot's user write access to it and its folder, or set DATA_DIR elsewhere.`,
      { cause: error },
    );
  }
  return new StoreError('ahp_pulse_store_unavailable', `The embedded store (${file}) failed: ${message}`, { cause: error });
}
