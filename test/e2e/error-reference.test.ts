import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { openStore } from '../../src/adapters/store/open-store';
import type { RunningApp } from '../../src/app/start-app';
import { VERBS } from '../../src/cards/verbs';
import { createLogger } from '../../src/observability/logger';
import { FakeConnector } from '../support/fake-connector';
import { cardActionInvoke, LEAD, personalConversationOf, personalMessage } from '../support/teams-activities';
import { postActivity, startTestApp, tempDir } from '../support/test-app';

/**
 * What a person is shown when something fails on the bot's side carries a reference, and that
 * reference is the turn's correlation id: every log line of the turn has it, so support finds
 * the whole turn from what the person reads out. Logged by the real logger (pino), as deployed.
 */
describe('The reference in an error is the turn’s correlation id (end to end)', function () {
  this.timeout(30_000);
  let connector: FakeConnector;
  let data: ReturnType<typeof tempDir>;
  let app: RunningApp;
  let failing = false;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    connector = await new FakeConnector().start();
    data = tempDir();
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await startTestApp(
      data.dir,
      {},
      {
        logger: createLogger('debug', { destination }),
        // The profile store fails on demand, as a disk or a service can.
        openStore: async (config) => {
          const store = await openStore(config);
          const get = store.profiles.get.bind(store.profiles);
          return { ...store, profiles: { ...store.profiles, get: (id) => (failing ? Promise.reject(new Error('the disk went away')) : get(id)) } };
        },
      },
    );
  });
  after(async () => {
    await app?.stop();
    await connector?.stop();
    data?.remove();
  });
  afterEach(() => {
    failing = false;
  });

  const turnOf = (reference: string) => lines.filter((line) => line.correlationId === reference);

  it('gives a failed card action’s reference, which every log line of that turn carries', async () => {
    failing = true;
    const result = await postActivity(app.server.url, cardActionInvoke(connector.url, personalConversationOf(LEAD), LEAD, VERBS.showProfile));
    assert.equal(result.status, 200);
    const card = JSON.stringify((result.body as { value: unknown }).value);
    assert.match(card, /Sorry, that did not work/, card);
    const reference = /Reference: (turn-[0-9a-f]+)/.exec(card)?.[1];
    assert.match(reference ?? '', /^turn-[0-9a-f]{12}$/, card);
    const turn = turnOf(reference!);
    assert.ok(
      turn.some((line) => line.msg === 'A card action failed'),
      'the failure is logged under the reference',
    );
    assert.ok(turn.length >= 1);
    assert.equal(lines.filter((line) => line.msg === 'A card action failed' && line.correlationId !== reference).length, 0);
  });

  it('gives a failed message’s reference, which the failure’s log line carries', async () => {
    failing = true;
    const before = connector.activities.length;
    await postActivity(app.server.url, personalMessage(connector.url, LEAD, 'profession'));
    const said = connector.activities.slice(before).map((a) => String(a.activity.text ?? ''));
    const reference = said.map((text) => /\(Reference (turn-[0-9a-f]{12})\)/.exec(text)?.[1]).find(Boolean);
    assert.ok(reference, `a reference was shown: ${said.join(' | ')}`);
    assert.ok(
      turnOf(reference).some((line) => line.msg === 'A turn failed'),
      'the failure is logged under the reference',
    );
  });
});
