import { startBaselineBot } from './baseline-bot';
import { measure, report } from './harness';
import { FakeConnector } from '../test/support/fake-connector';
import { LEAD, personalMessage } from '../test/support/teams-activities';
import { startTestApp, tempDir } from '../test/support/test-app';

/**
 * `npm run bench`: each figure is one JSON line on stdout. Loopback only; every loop is
 * bounded in count.
 */
const TOTAL = Number(process.env.BENCH_TOTAL ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function post(url: string, body: unknown): Promise<boolean> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

/** Messages answered a second (a help card back through the fake connector), beside a bare botbuilder bot. */
async function messagesBench(): Promise<void> {
  const connector = await new FakeConnector({ perConversation: [], perTenantPerSecond: Number.MAX_SAFE_INTEGER }).start();
  const data = tempDir('ahp-pulse-bench-');
  const app = await startTestApp(data.dir);
  const baseline = await startBaselineBot();
  try {
    const activity = personalMessage(connector.url, LEAD, 'help');
    await measure(200, CONCURRENCY, () => post(baseline.url, activity)); // warm-up
    await measure(200, CONCURRENCY, () => post(app.server.url, activity));
    const base = await measure(TOTAL, CONCURRENCY, () => post(baseline.url, activity));
    const ours = await measure(TOTAL, CONCURRENCY, () => post(app.server.url, activity));
    report({
      bench: 'messages',
      value: ours.perSecond,
      unit: 'messages/s',
      baseline: base.perSecond,
      p50_ms: ours.p50Ms,
      p99_ms: ours.p99Ms,
      baseline_p99_ms: base.p99Ms,
      failures: ours.failures + base.failures,
      total: TOTAL,
      concurrency: CONCURRENCY,
    });
  } finally {
    await baseline.stop();
    await app.stop();
    await connector.stop();
    data.remove();
  }
}

async function main(): Promise<void> {
  await messagesBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
