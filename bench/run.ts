import { spawn } from 'node:child_process';
import path from 'node:path';
import { startBaselineBot } from './baseline-bot';
import { measure, report } from './harness';
import { answersFromOutside } from './outside';
import { actionOnCard, invokeOf, latestPostedCard } from '../test/support/card-answers';
import { FakeConnector } from '../test/support/fake-connector';
import { AHP_COMMUNITY, LEAD, TENANT_ID, cardActionInvoke, channelMention, personalMessage, teamInstallationUpdate } from '../test/support/teams-activities';
import { VERBS } from '../src/cards/verbs';
import { cosmosEnv, startCosmosTarget } from '../test/support/cosmos-server';
import { startTestApp, tempDir } from '../test/support/test-app';
import { busiestSecond } from '../test/support/request-windows';
import { launchFromThreeInstances, teamsOf } from '../test/support/three-instances';
import { START_FLAGS } from '../test/support/bot-process';

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

/**
 * Answers a second through /api/messages on the embedded store: each a poll answer from a
 * different person (stored, counted, the person's own card returned), beside the bare bot
 * acknowledging the same invoke.
 */
async function answersBench(store: 'embedded' | 'cosmos', total: number): Promise<number> {
  const connector = await new FakeConnector({ perConversation: [], perTenantPerSecond: Number.MAX_SAFE_INTEGER }).start();
  const data = tempDir('ahp-pulse-bench-');
  const cosmos = store === 'cosmos' ? await startCosmosTarget({ childProcess: true }) : undefined;
  const app = await startTestApp(data.dir, { LEAD_IDS: LEAD.aadObjectId, MIN_RESPONDENTS: '5', ...(cosmos ? cosmosEnv(cosmos) : {}) });
  const baseline = await startBaselineBot();
  try {
    await post(app.server.url, channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority results=live closes=7d'));
    const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(connector.activities.at(-1)?.activity.text))?.[1];
    if (!pollId) throw new Error('The benchmark could not start its poll.');
    const poll = (await app.store.polls.get(pollId))!;
    const thread = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: poll.postings[0]!.conversationId };
    const channelData = { tenant: { id: TENANT_ID }, team: { id: AHP_COMMUNITY.teamId }, channel: { id: AHP_COMMUNITY.teamId } };
    // What a client sends for a tap on each choice, read from the card the channel shows.
    const posted = latestPostedCard(connector, AHP_COMMUNITY.teamId);
    const taps = poll.options.map((o) => actionOnCard(connector, posted, { press: o.label }));
    const answer = (i: number) =>
      invokeOf(
        connector,
        posted,
        { userId: `29:1bench${i}`, aadObjectId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, name: `Bench ${i}` },
        taps[i % taps.length]!,
      );
    const warm = 200;
    await measure(warm, CONCURRENCY, (i) => post(baseline.url, answer(i)));
    await measure(warm, CONCURRENCY, (i) => post(app.server.url, answer(i)));
    const base = await measure(total, CONCURRENCY, (i) => post(baseline.url, answer(warm + i)));
    const chargeBefore = app.store.requestCharge?.();
    const turnsBefore = app.store.requestCharge?.('turns');
    const ours = await measure(total, CONCURRENCY, (i) => post(app.server.url, answer(warm + i)));
    const chargeAnswers = app.store.requestCharge?.();
    const turnsAnswers = app.store.requestCharge?.('turns');
    await app.work.flushCardUpdates();
    const stored = await app.store.responses.count(pollId);
    // One results view: the shared card recounting the poll from its partition.
    const viewBefore = app.store.requestCharge?.();
    await post(app.server.url, cardActionInvoke(connector.url, thread, LEAD, VERBS.viewPoll, { pollId }, channelData));
    const viewAfter = app.store.requestCharge?.();
    report({
      bench: store === 'embedded' ? 'answers_in_process' : 'answers_cosmos',
      value: ours.perSecond,
      unit: 'answers/s',
      baseline: base.perSecond,
      p50_ms: ours.p50Ms,
      p99_ms: ours.p99Ms,
      baseline_p99_ms: base.p99Ms,
      failures: ours.failures + base.failures + (stored === warm + total ? 0 : 1),
      stored,
      total,
      concurrency: CONCURRENCY,
      store,
      ...(chargeBefore !== undefined && chargeAnswers !== undefined && viewBefore !== undefined && viewAfter !== undefined
        ? {
            // In the answers' own requests (the hot path), and everything meanwhile (with the
            // card refreshes' recounts and the outbox updating the shared card).
            ru_per_answer: Math.round((((turnsAnswers ?? 0) - (turnsBefore ?? 0)) / total) * 100) / 100,
            ru_per_answer_with_background: Math.round(((chargeAnswers - chargeBefore) / total) * 100) / 100,
            ru_per_results_view: viewAfter - viewBefore,
            ru_note:
              cosmos && !process.env.COSMOS_TEST_ENDPOINT
                ? 'the local server reports 1 RU for every request: these count requests, not real RUs'
                : 'as the service reported',
          }
        : {}),
    });
    return ours.perSecond;
  } finally {
    await baseline.stop();
    await app.stop();
    await connector.stop();
    await cosmos?.stop();
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
  if (process.argv.includes('--cosmos-only')) {
    await answersBench('cosmos', Math.min(TOTAL, 1_000));
    return;
  }
  await messagesBench();
  await deliveryBench();
  await threeInstancesBench();
  await answersFromOutside();
  const embedded = await answersBench('embedded', TOTAL);
  const cosmos = await answersBench('cosmos', Math.min(TOTAL, 1_000));
  report({ bench: 'answers_cosmos_vs_embedded', value: cosmos, unit: 'answers/s', baseline: embedded });
  await digestBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
