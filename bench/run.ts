import { spawn } from 'node:child_process';
import path from 'node:path';
import { START_FLAGS } from '../test/support/bot-process';
import { FakeConnector } from '../test/support/fake-connector';
import { busiestSecond } from '../test/support/request-windows';
import { LEAD, personalMessage, teamInstallationUpdate } from '../test/support/teams-activities';
import { startTestApp, tempDir } from '../test/support/test-app';
import { launchFromThreeInstances, teamsOf } from '../test/support/three-instances';
import { startBaselineBot } from './baseline-bot';
import { erasureBench } from './erasure-bench';
import { measure, report } from './harness';
import { cosmosVersusEmbedded, post } from './in-process';
import { answersFromOutside } from './outside';
import { themesBench } from './themes/theme-bench';

/**
 * `npm run bench`: each figure is one JSON line on stdout. Loopback only; every loop is
 * bounded in count.
 */
const TOTAL = Number(process.env.BENCH_TOTAL ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

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

/**
 * Time to deliver a poll to 1,000 channels (50 teams of 20) through the outbox, against the
 * fake connector enforcing Teams' limits, beside the theoretical minimum of 1,000 / 50 a
 * second = 20 s.
 */
async function deliveryBench(): Promise<void> {
  const teams = Array.from({ length: 50 }, (_, t) => ({
    id: `19:bench${t}@thread.tacv2`,
    name: `Bench team ${t}`,
    channels: [{ id: `19:bench${t}@thread.tacv2` }, ...Array.from({ length: 19 }, (_, c) => ({ id: `19:bench${t}c${c}@thread.tacv2`, name: `C${c}` }))],
  }));
  const connector = await new FakeConnector({ teams }).start();
  const data = tempDir('ahp-pulse-bench-');
  const app = await startTestApp(data.dir, { LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '100' });
  try {
    for (const team of teams) await post(app.server.url, teamInstallationUpdate(connector.url, { teamId: team.id, name: team.name, aadGroupId: 'g' }));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const before = connector.activities.length;
    await post(app.server.url, personalMessage(connector.url, LEAD, 'launch top-priority to=all'));
    const pollId = /poll (p[0-9a-f]+)/.exec(String(connector.activities.at(-1)?.activity.text))?.[1];
    if (!pollId) throw new Error('The benchmark could not launch its poll.');
    const started = Date.now();
    await app.work.drainOutbox(async () => (await app.store.deliveries.listForPoll(pollId)).every((d) => d.status === 'sent' || d.status === 'failed'));
    const seconds = (Date.now() - started) / 1000;
    const posted = connector.activities.slice(before).filter((a) => a.method === 'create').length;
    report({
      bench: 'deliver_1000_channels',
      value: seconds,
      unit: 's',
      baseline: 20,
      channels: posted,
      busiest_second: busiestSecond(connector.requests.filter((r) => r.method === 'POST' && r.path === '/v3/conversations').map((r) => r.at)),
      throttled_429: connector.requests.filter((r) => r.status === 429).length,
      note: 'baseline: 1,000 channels / 50 a second; the outbox keeps 3% of the rate spare',
    });
  } finally {
    await app.stop();
    await connector.stop();
    data.remove();
  }
}

/**
 * Three instances, each its own process on one Cosmos DB (the local server), each launching its
 * own poll to a team of 334 channels at once: together paced as one under the tenant's 50 a
 * second, beside the time that limit allows for their 1,002 posts.
 */
async function threeInstancesBench(): Promise<void> {
  const result = await launchFromThreeInstances(teamsOf(3, 334, 'bench'), 180_000);
  const times = result.creates.map((r) => r.at);
  const allowed = (result.channels - 1) / 50;
  const cards = [...result.cardsPerChannel.values()];
  report({
    bench: 'deliver_three_instances',
    value: result.seconds,
    unit: 's',
    baseline: Math.round(allowed * 100) / 100,
    ratio: Math.round((result.seconds / allowed) * 1000) / 1000,
    channels: result.channels,
    posted_once: cards.filter((c) => c.length === 1).length,
    lost: result.channels - cards.length,
    posted_twice: cards.filter((c) => c.length > 1).length,
    busiest_second: busiestSecond(times),
    throttled_429: result.creates.filter((r) => r.status === 429).length,
    note: 'three processes and the local Cosmos DB server on the same machine; from the first post to the last',
  });
}

/** The digest benchmark, in a process of its own so that its peak memory is its own, with the bot's own Node flags. */
async function digestBench(): Promise<void> {
  const child = spawn(process.execPath, ['--expose-gc', ...START_FLAGS, path.join(__dirname, 'digest-bench.js')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`The digest benchmark failed (exit ${code}).`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--digest-only')) return digestBench();
  if (process.argv.includes('--answers-only')) return answersFromOutside();
  if (process.argv.includes('--delivery-only')) {
    await deliveryBench();
    return threeInstancesBench();
  }
  if (process.argv.includes('--cosmos-only')) return cosmosVersusEmbedded();
  if (process.argv.includes('--erasure-only')) return erasureBench();
  if (process.argv.includes('--themes-only')) return themesBench();
  await messagesBench();
  await deliveryBench();
  await threeInstancesBench();
  await answersFromOutside();
  await cosmosVersusEmbedded();
  await erasureBench();
  themesBench();
  await digestBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
