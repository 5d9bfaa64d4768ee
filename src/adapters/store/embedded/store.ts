import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Store } from '../../../application/ports/store';
import { StoreError } from '../../../application/store-error';
import { sqliteAudit } from './audit';
import { sqliteContent } from './content';
import { sqliteConversationState } from './conversation-state';
import { sqliteDeliveries } from './deliveries';
import { sqliteDigestSubscriptions } from './digest-subscriptions';
import { sqliteDigests } from './digests';
import { sqliteErasure } from './erasure';
import { sqliteInstallations } from './installations';
import { lockDataDir } from './internal/data-lock';
import { type GroupWriterOptions, groupWriter } from './internal/group-writer';
import { rememberStatements } from './internal/statement-cache';
import { sqliteLeads } from './leads';
import { APP_MARKER, migrate, SCHEMA_VERSION, schemaVersionOf, userTableCount } from './migrations';
import { sqliteOneTimeTokens } from './one-time-tokens';
import { sqlitePolls } from './polls';
import { sqliteProfiles } from './profiles';
import { sqliteResponses } from './responses';
import { memorySlotLeases } from './slot-leases';
import { sqliteWeeklyPulses } from './weekly-pulses';

export const DATA_FILE_NAME = 'ahp-pulse.sqlite';

/**
 * The embedded store: one SQLite file under DATA_DIR, through Node's built-in node:sqlite,
 * so `npm start` needs no database server and no account. This file opens it (and refuses a
 * file it should not touch) and assembles one repository a file. SQLite serialises writers,
 * and every repository method runs synchronously between awaits, so a check-then-write in
 * one call is atomic.
 */
export function openSqliteStore(
  dataDir: string,
  /** `observer`: a tool or test that reads while the bot runs, beside it (it takes no lock, and must write nothing). */
  options: { writer?: GroupWriterOptions; observer?: boolean } = {},
): Store {
  const file = path.join(dataDir, DATA_FILE_NAME);
  const db = openDatabase(dataDir, file);
  let unlock: () => void = () => undefined;
  try {
    if (!options.observer) unlock = lockDataDir(dataDir);
  } catch (error) {
    db.close();
    throw error;
  }
  rememberStatements(db);
  let closed = false;

  const guard = <T>(work: () => T): T => {
    if (closed) throw new StoreError('ahp_pulse_store_closed', `The embedded store (${file}) is closed.`);
    try {
      return work();
    } catch (error) {
      throw translate(error, file);
    }
  };

  const writer = groupWriter(file, guard, () => responses.forgetCounts(), options.writer);
  const responses = sqliteResponses(db, guard, writer);
  const erase = sqliteErasure(db, guard);
  const profiles = sqliteProfiles(db, guard);
  return {
    description: `embedded (SQLite at ${file})`,
    installations: sqliteInstallations(db, guard),
    polls: sqlitePolls(db, guard),
    responses,
    profiles,
    deliveries: sqliteDeliveries(db, guard, writer),
    leads: sqliteLeads(db, guard),
    weeklyPulses: sqliteWeeklyPulses(db, guard),
    digests: sqliteDigests(db, guard),
    digestSubscriptions: sqliteDigestSubscriptions(db, guard),
    conversationState: sqliteConversationState(db, guard),
    oneTimeTokens: sqliteOneTimeTokens(db, guard),
    slotLeases: memorySlotLeases(),
    audit: sqliteAudit(db, guard),
    content: sqliteContent(db, guard),
    erasePerson: async (person) => {
      try {
        return await erase(person);
      } finally {
        responses.forgetCounts();
        profiles.forget();
      }
    },
    ping: async () =>
      guard(() => {
        const down = writer.down();
        if (down) throw down; // answers would be refused: not ready
        db.prepare('SELECT value FROM meta WHERE key = ?').get('app');
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await writer.close(); // writes waiting for their group commit are committed, not dropped
      db.close();
      unlock();
    },
  };
}

function openDatabase(dataDir: string, file: string): DatabaseSync {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Readable by the bot's own user only: SQLite gives its -wal and -shm files the same mode.
    if (!fs.existsSync(file)) fs.writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    else fs.chmodSync(file, 0o600);
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
    // Deleted content is overwritten, not left in free pages: an erasure leaves nothing to find in the file.
    db.exec('PRAGMA secure_delete = ON');
    // Every commit is durable before it returns: an acknowledged answer survives a power cut.
    db.exec('PRAGMA synchronous = FULL');
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
