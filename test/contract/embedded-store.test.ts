import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { cachedStore, PRODUCTION_CACHE } from '../../src/adapters/store/cached-store';
import { LOCK_FILE_NAME } from '../../src/adapters/store/embedded/internal/data-lock';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/adapters/store/embedded/migrations';
import { DATA_FILE_NAME, openSqliteStore } from '../../src/adapters/store/embedded/store';
import { EXPORT_SECRET_FILE_NAME, localRespondentSecret } from '../../src/adapters/store/local-secret';
import { StoreError } from '../../src/application/store-error';
import { tempDir } from '../support/test-app';
import { describeStoreContract, team } from './store-contract';

describeStoreContract('embedded (SQLite)', () => {
  const data = tempDir();
  return {
    create: async () => openSqliteStore(data.dir),
    reopen: async () => openSqliteStore(data.dir),
    dispose: async () => data.remove(),
  };
});

describeStoreContract('embedded (SQLite) behind the cache production reads through', () => {
  const data = tempDir();
  return {
    create: async () => cachedStore(openSqliteStore(data.dir), PRODUCTION_CACHE),
    reopen: async () => cachedStore(openSqliteStore(data.dir), PRODUCTION_CACHE),
    dispose: async () => data.remove(),
  };
});

describe('The embedded store on disk', () => {
  let data: ReturnType<typeof tempDir>;
  beforeEach(() => {
    data = tempDir();
  });
  afterEach(() => data.remove());

  const file = () => path.join(data.dir, DATA_FILE_NAME);
  const expectStoreError = (code: StoreError['code'], mentions: RegExp) => (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.ok(error.message.includes(file()) || error.message.includes(data.dir), `names the file: ${error.message}`);
    assert.match(error.message, mentions);
    return true;
  };

  it('creates DATA_DIR and its schema at first start', async () => {
    const nested = path.join(data.dir, 'a', 'b');
    const store = openSqliteStore(nested);
    await store.ping();
    await store.close();
    assert.ok(fs.existsSync(path.join(nested, DATA_FILE_NAME)));
  });

  it('keeps its files to the bot’s own user: the database, its WAL and the local secrets are 0600, DATA_DIR 0700', async () => {
    const dir = path.join(data.dir, 'private');
    const store = openSqliteStore(dir);
    await store.responses.save({
      pollId: 'p1',
      respondentKey: 'k',
      value: { kind: 'single', optionId: 'access' },
      answeredAt: 'now',
      firstAnsweredAt: 'now',
      revision: 0,
    });
    localRespondentSecret(dir);
    localRespondentSecret(dir, EXPORT_SECRET_FILE_NAME);
    const files = fs.readdirSync(dir);
    assert.ok(files.includes(`${DATA_FILE_NAME}-wal`), `the WAL is there to check: ${files.join(', ')}`);
    for (const name of files) assert.equal(fs.statSync(path.join(dir, name)).mode & 0o777, 0o600, name);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    await store.close();
  });

  it('reads profiles from the file at first use after a restart, and keeps what it writes', async () => {
    const first = openSqliteStore(data.dir);
    await first.profiles.save({ aadObjectId: 'aad-a', profession: 'paramedic', updatedAt: 't1' });
    await first.close();
    // Written by another program meanwhile (an operator's repair, say): read at first use.
    const db = new DatabaseSync(file());
    db.prepare('INSERT INTO profiles (aad_object_id, body) VALUES (?, ?)').run(
      'aad-b',
      JSON.stringify({ aadObjectId: 'aad-b', profession: 'dietitian', updatedAt: 't1' }),
    );
    db.close();
    const again = openSqliteStore(data.dir);
    try {
      assert.deepEqual(await again.profiles.get('aad-a'), { aadObjectId: 'aad-a', profession: 'paramedic', updatedAt: 't1' });
      assert.equal((await again.profiles.get('aad-b'))?.profession, 'dietitian');
      await again.profiles.save({ aadObjectId: 'aad-a', profession: 'orthoptist', updatedAt: 't2' });
      assert.equal((await again.profiles.get('aad-a'))?.profession, 'orthoptist');
      assert.equal(await again.profiles.get('aad-c'), undefined);
      const kept = await again.profiles.get('aad-a');
      assert.throws(() => {
        (kept as { profession: string }).profession = 'changed by a reader';
      }, TypeError);
    } finally {
      await again.close();
    }
    const third = openSqliteStore(data.dir);
    assert.equal((await third.profiles.get('aad-a'))?.profession, 'orthoptist');
    await third.close();
  });

  it('refuses a second process on the same DATA_DIR, and takes over a lock whose process has died', async () => {
    const store = openSqliteStore(data.dir);
    // Another process, alive, holding the folder: this one's parent, say.
    const lock = path.join(data.dir, LOCK_FILE_NAME);
    await store.close();
    assert.equal(fs.existsSync(lock), false, 'closing releases the lock');
    fs.writeFileSync(lock, String(process.ppid));
    assert.throws(
      () => openSqliteStore(data.dir),
      expectStoreError('ahp_pulse_store_unavailable', new RegExp(`Another AHP Pulse \\(process ${process.ppid}\\) is using`)),
    );
    // A process that has gone: its lock is stale, and is taken over.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(lock, gone.stdout);
    const again = openSqliteStore(data.dir);
    assert.equal(fs.readFileSync(lock, 'utf8'), String(process.pid));
    await again.close();
  });

  it('refuses a data file written by a newer schema, and leaves it as it was', async () => {
    (await Promise.resolve(openSqliteStore(data.dir))).close();
    const db = new DatabaseSync(file());
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(file());
    assert.throws(() => openSqliteStore(data.dir), expectStoreError('ahp_pulse_store_schema_too_new', /newer AHP Pulse/));
    assert.deepEqual(fs.readFileSync(file()), before);
  });

  it('counts, after an upgrade, the answers written before the store kept counts', async () => {
    const store = openSqliteStore(data.dir);
    for (let n = 0; n < 30; n++) {
      await store.responses.save({
        pollId: 'before',
        respondentKey: `k${n}`,
        value: n % 3 === 0 ? { kind: 'open', text: `words ${n}`, priorityId: 'access' } : { kind: 'open', text: `more words ${n}` },
        answeredAt: '2026-11-20T09:00:00.000Z',
        firstAnsweredAt: '2026-11-20T09:00:00.000Z',
        revision: 0,
      });
    }
    await store.close();
    // Back to the version before the counts: as a file written by the previous release.
    const db = new DatabaseSync(file());
    db.exec(
      'DROP TABLE answer_counts; DROP TRIGGER IF EXISTS answer_counts_insert; DROP TRIGGER IF EXISTS answer_counts_update; DROP TRIGGER IF EXISTS answer_counts_delete;',
    );
    // Back to just before the step that made the counts: every step from there runs again.
    const countsStep = MIGRATIONS.findIndex((step) => typeof step === 'string' && step.includes('CREATE TABLE answer_counts'));
    assert.ok(countsStep > 0);
    db.exec(`PRAGMA user_version = ${countsStep}`);
    db.close();
    const upgraded = openSqliteStore(data.dir);
    const counts: { value: unknown; count: number }[] = [];
    for await (const c of upgraded.responses.countAnswers('before')) counts.push(c);
    await upgraded.close();
    assert.deepEqual(
      counts.sort((a, b) => a.count - b.count),
      [
        { value: { kind: 'open', text: '', priorityId: 'access' }, count: 10 },
        { value: { kind: 'open', text: '' }, count: 20 },
      ],
    );
  });

  it('refuses a corrupt data file, naming it, rather than starting afresh', () => {
    fs.writeFileSync(file(), 'this is not a database, just some words that happen to be long enough to fill a header '.repeat(20));
    const before = fs.readFileSync(file());
    assert.throws(() => openSqliteStore(data.dir), expectStoreError('ahp_pulse_store_corrupt', /damaged or is not a database/));
    assert.deepEqual(fs.readFileSync(file()), before);
  });

  it('refuses a SQLite file that another program wrote', () => {
    const db = new DatabaseSync(file());
    db.exec('CREATE TABLE patients (id INTEGER)');
    db.close();
    assert.throws(() => openSqliteStore(data.dir), expectStoreError('ahp_pulse_store_not_ours', /did not create/));
  });

  it('refuses a data file it cannot write, naming it', async () => {
    if (process.getuid?.() === 0) {
      // root writes through file permissions, so make the file immutable another way: a directory in its place.
      fs.mkdirSync(file());
    } else {
      const store = openSqliteStore(data.dir);
      await store.installations.save(team('19:a'));
      await store.close();
      fs.chmodSync(file(), 0o444);
      fs.chmodSync(data.dir, 0o555);
    }
    try {
      assert.throws(
        () => openSqliteStore(data.dir),
        (error: unknown) => {
          assert.ok(error instanceof StoreError, String(error));
          assert.ok(['ahp_pulse_store_unwritable', 'ahp_pulse_store_unavailable'].includes(error.code), error.code);
          assert.ok(error.message.includes(file()), error.message);
          return true;
        },
      );
    } finally {
      fs.chmodSync(data.dir, 0o755);
    }
  });
});
