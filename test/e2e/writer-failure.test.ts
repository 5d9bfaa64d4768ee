import assert from 'node:assert/strict';
import path from 'node:path';
import { openSqliteStore } from '../../src/adapters/store/embedded/store';
import type { RunningApp } from '../../src/app/start-app';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { FakeConnector } from '../support/fake-connector';
import { AHP_COMMUNITY, channelMention, LEAD, type PersonFixture, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity, startTestApp, tempDir } from '../support/test-app';

const FAILING_WRITER = path.resolve(__dirname, '../support/failing-writer.js');
const person = (n: number): PersonFixture => ({
  userId: `29:1writer-${n}`,
  aadObjectId: `00000000-0000-4000-8000-0000000a${String(n).padStart(4, '0')}`,
  name: `Writer ${n}`,
});

describe('The embedded store when its writer thread dies (end to end, a writer made to fail)', function () {
  this.timeout(60_000);
  let data: ReturnType<typeof tempDir>;
  let connector: FakeConnector;
  let app: RunningApp | undefined;

  beforeEach(async () => {
    data = tempDir();
    connector = await new FakeConnector({ teams: [{ id: AHP_COMMUNITY.teamId, name: AHP_COMMUNITY.name, channels: [{ id: AHP_COMMUNITY.teamId }] }] }).start();
    app = await startTestApp(
      data.dir,
      { LEAD_IDS: LEAD.aadObjectId },
      { openStore: async (config) => openSqliteStore(config.dataDir, { writer: { script: FAILING_WRITER, restartBackoffMs: [1_500] } }) },
    );
  });
  afterEach(async () => {
    await app?.stop();
    await connector.stop();
    data.remove();
  });

  it('refuses answers at once with a clear message, fails /readyz, restarts the writer after a backoff, and loses nothing it said was saved', async () => {
    const url = app!.server.url;
    await postActivity(url, teamInstallationUpdate(connector.url, AHP_COMMUNITY));
    await postActivity(url, channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority'));
    const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(connector.activities.at(-1)!.activity.text))![1]!;
    const posted = latestPostedCard(connector, AHP_COMMUNITY.teamId);
    const answer = async (n: number) => {
      const started = Date.now();
      const result = await postActivity(url, invokeOf(connector, posted, person(n), actionOnCard(connector, posted, { press: 'Easier access to support' })));
      return { text: JSON.stringify(result.body), ms: Date.now() - started };
    };
    assert.equal((await fetch(`${url}/readyz`)).status, 200);

    // The writer dies at its first batch: that answer is refused, not left hanging.
    const first = await answer(1);
    assert.match(first.text, /We could not save your answer/);
    assert.doesNotMatch(first.text, /Saved/);
    // While it is down: refused at once, and the service says it is not ready (without the detail).
    const second = await answer(2);
    assert.match(second.text, /We could not save your answer/);
    assert.ok(second.ms < 500, `refused in ${second.ms} ms`);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'unavailable' });
    assert.equal(await app!.store.responses.count(pollId), 0, 'nothing half-saved');

    // A new writer after the backoff: answers are saved again, and /readyz is 200.
    const until = Date.now() + 10_000;
    while ((await fetch(`${url}/readyz`)).status !== 200 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await fetch(`${url}/readyz`)).status, 200, 'ready again');
    assert.match((await answer(3)).text, /Saved/);
    assert.match((await answer(1)).text, /Saved/, 'the refused person can answer again');
    assert.equal(await app!.store.responses.count(pollId), 2);
  });

  it('stops promptly while the writer is down: close() never waits on a dead writer', async () => {
    const url = app!.server.url;
    await postActivity(url, teamInstallationUpdate(connector.url, AHP_COMMUNITY));
    await postActivity(url, channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority'));
    const posted = latestPostedCard(connector, AHP_COMMUNITY.teamId);
    await postActivity(url, invokeOf(connector, posted, person(9), actionOnCard(connector, posted, { press: 'Easier access to support' })));
    const started = Date.now();
    await app!.stop();
    app = undefined;
    assert.ok(Date.now() - started < 3_000, `stopped in ${Date.now() - started} ms`);
  });
});
