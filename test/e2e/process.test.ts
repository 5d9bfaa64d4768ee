import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { openSqliteStore } from '../../src/adapters/store/embedded/sqlite-store';
import { FakeConnector } from '../support/fake-connector';
import { AHP_COMMUNITY, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity, tempDir } from '../support/test-app';

const MAIN = path.resolve(__dirname, '../../src/main.js');

interface Started {
  child: ChildProcess;
  url: Promise<string>;
  exited: Promise<number | null>;
  output: () => string;
}

/** `node dist/src/main.js`, as `npm start` runs it, with its own environment. */
function startProcess(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^/\s"]+)/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before listening:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => output };
}

describe('The bot as a process', () => {
  let data: ReturnType<typeof tempDir>;
  let connector: FakeConnector | undefined;
  let started: Started | undefined;

  beforeEach(() => {
    data = tempDir();
  });
  afterEach(async () => {
    started?.child.kill('SIGKILL');
    await connector?.stop();
    data.remove();
  });

  it('answers /healthz, logging where it listens, which store it uses and whether authentication is on', async () => {
    started = startProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir });
    const url = await started.url;
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.match(started.output(), /embedded \(SQLite at .*ahp-pulse\.sqlite\)/);
    assert.match(started.output(), /"channelAuthentication":"off/);
  });

  it('stops at start-up on a bad configuration, listing every problem', async () => {
    started = startProcess({ PORT: 'eighty', STORE: 'mongo', DATA_DIR: data.dir });
    const code = await started.exited;
    assert.equal(code, 1);
    assert.match(started.output(), /PORT: "eighty" is not a whole number/);
    assert.match(started.output(), /STORE: "mongo" is not one of embedded/);
  });

  it('on SIGTERM finishes the request in flight, then closes the store and exits 0', async () => {
    connector = await new FakeConnector({
      teams: [{ id: AHP_COMMUNITY.teamId, name: AHP_COMMUNITY.name, channels: [{ id: AHP_COMMUNITY.teamId }] }],
      latencyMs: 700,
    }).start();
    started = startProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, SHUTDOWN_GRACE_MS: '10000' });
    const url = await started.url;

    const inFlight = postActivity(url, teamInstallationUpdate(connector.url, AHP_COMMUNITY));
    await new Promise((resolve) => setTimeout(resolve, 300));
    started.child.kill('SIGTERM');

    assert.equal((await inFlight).status, 200);
    assert.equal(await started.exited, 0);
    assert.match(started.output(), /AHP Pulse stopped/);
    assert.equal(connector.cards().length, 1, 'the welcome went out before the process stopped');

    const store = openSqliteStore(data.dir);
    try {
      assert.equal((await store.installations.get(`team:${AHP_COMMUNITY.teamId}`))?.status, 'active');
    } finally {
      await store.close();
    }
  });
});
