import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { type Started, startProcess } from '../support/bot-process';
import { STORES } from '../support/bot-under-test';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { type CosmosTarget, cosmosEnv, startCosmosTarget } from '../support/cosmos-server';
import { FakeConnector } from '../support/fake-connector';
import { AHP_COMMUNITY, channelMention, LEAD, type PersonFixture, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity, tempDir } from '../support/test-app';

const AHP: PersonFixture = { userId: '29:1telemetry-person', aadObjectId: '7e1e0000-0000-4000-8000-00000000e7e1', name: 'Tamsin Telemetry-Quist' };

/** Application Insights' ingestion endpoint, on loopback: it keeps every envelope it is sent. */
async function startIngestion(): Promise<{ url: string; envelopes: Record<string, unknown>[]; close: () => Promise<void> }> {
  const envelopes: Record<string, unknown>[] = [];
  // The exporter speaks https only: a loopback server with the local Cosmos DB server's
  // self-signed certificate, which the bot's process is told to accept (NODE_TLS_REJECT_UNAUTHORIZED, this test only).
  const dir = path.dirname(require.resolve('@vercel/cosmosdb-server/package.json'));
  const tls = { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
  const server = https.createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const text = body.toString('utf8').trim();
      try {
        const parsed = text.startsWith('[')
          ? (JSON.parse(text) as Record<string, unknown>[])
          : text.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        envelopes.push(...parsed);
      } catch {
        /* not an envelope batch */
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ itemsReceived: envelopes.length, itemsAccepted: envelopes.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    envelopes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const baseType = (e: Record<string, unknown>) => String((e.data as { baseType?: string } | undefined)?.baseType ?? '');
const baseData = (e: Record<string, unknown>) => (e.data as { baseData?: Record<string, unknown> } | undefined)?.baseData ?? {};

for (const store of STORES)
  describe(`Telemetry to Application Insights (the bot as a process, a loopback ingestion endpoint, ${store} store)`, function () {
    this.timeout(90_000);
    let data: ReturnType<typeof tempDir>;
    let connector: FakeConnector;
    let ingestion: Awaited<ReturnType<typeof startIngestion>>;
    let cosmos: CosmosTarget | undefined;
    let started: Started | undefined;

    before(async () => {
      data = tempDir();
      connector = await new FakeConnector().start();
      ingestion = await startIngestion();
      // Cosmos DB's point reads put document ids (a person's object id, for a profile) in the URL path.
      if (store === 'cosmos') cosmos = await startCosmosTarget();
    });
    after(async () => {
      started?.child.kill('SIGKILL');
      await connector.stop();
      await ingestion.close();
      await cosmos?.stop();
      data.remove();
    });

    it('sends logs, request traces and the metrics, with no personal data', async () => {
      started = startProcess({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: data.dir,
        LEAD_IDS: LEAD.aadObjectId,
        OUTBOX_INTERVAL_MS: '100',
        CARD_REFRESH_MS: '500',
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=${ingestion.url}`,
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
        ...(cosmos ? cosmosEnv(cosmos) : {}),
      });
      const url = await started.url;
      await postActivity(url, teamInstallationUpdate(connector.url, AHP_COMMUNITY));
      await postActivity(url, channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority'));
      const posted = latestPostedCard(connector, AHP_COMMUNITY.teamId);
      const answer = await postActivity(url, invokeOf(connector, posted, AHP, actionOnCard(connector, posted, { press: 'Easier access to support' })));
      assert.match(JSON.stringify(answer.body), /Saved/);
      // The shared card is updated through the outbox: a delivery.
      for (let i = 0; i < 50 && !connector.requests.some((r) => r.method === 'PUT'); i++) await new Promise((r) => setTimeout(r, 100));
      started.child.kill('SIGTERM'); // stopping flushes what telemetry holds
      assert.equal(await started.exited, 0, started.output().slice(-3000));

      assert.match(started.output(), /"correlationId":"turn-[0-9a-f-]+"/, 'a turn’s log lines carry its correlation id');
      const envelopes = ingestion.envelopes;
      const metrics = envelopes.filter((e) => baseType(e) === 'MetricData').flatMap((e) => (baseData(e).metrics as { name: string }[] | undefined) ?? []);
      const names = new Set(metrics.map((m) => m.name));
      for (const name of ['ahp_pulse.answers_saved', 'ahp_pulse.launches', 'ahp_pulse.deliveries'])
        assert.ok(names.has(name), `${name} in ${[...names].join(', ')}`);
      assert.ok(
        envelopes.some((e) => baseType(e) === 'MessageData' && /AHP Pulse is listening/.test(String(baseData(e).message))),
        'the logs go too',
      );
      assert.ok(
        envelopes.some((e) => baseType(e) === 'RequestData' && /api\/messages/.test(JSON.stringify(baseData(e)))),
        `and the requests, traced: ${JSON.stringify(envelopes.map((e) => [baseType(e), baseData(e).name]))}`,
      );
      const dependencies = envelopes.filter((e) => baseType(e) === 'RemoteDependencyData');
      assert.ok(dependencies.length > 0, 'the bot’s own calls are traced');
      for (const e of dependencies) {
        const d = baseData(e);
        assert.doesNotMatch(String(d.data ?? ''), /^https?:\/\/[^/]+\/./, `a dependency's URL keeps no path: ${String(d.data)}`);
        assert.doesNotMatch(String(d.name ?? ''), /\/./, `nor its name: ${String(d.name)}`);
      }
      if (store === 'cosmos')
        assert.ok(
          dependencies.some((e) => /127\.0\.0\.1/.test(JSON.stringify(baseData(e)))),
          'Cosmos DB calls among them',
        );
      const everything = JSON.stringify(envelopes).toLowerCase();
      assert.doesNotMatch(everything, /\/docs\/|\/v3\/conversations\/|[?&]link=/, 'no document, conversation or export link in any URL');
      for (const secret of [AHP.aadObjectId, AHP.userId, AHP.name, LEAD.aadObjectId, LEAD.name]) {
        assert.ok(!everything.includes(secret.toLowerCase()), `${secret} was not sent`);
      }
    });
  });
