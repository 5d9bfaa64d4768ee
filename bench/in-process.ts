import type { StoreCosts } from '../src/application/ports/store';
import { VERBS } from '../src/cards/verbs';
import { actionOnCard, invokeOf, latestPostedCard } from '../test/support/card-answers';
import { cosmosEnv, startCosmosTarget } from '../test/support/cosmos-server';
import { FakeConnector } from '../test/support/fake-connector';
import { AHP_COMMUNITY, cardActionInvoke, channelMention, LEAD, TENANT_ID } from '../test/support/teams-activities';
import { startTestApp, tempDir } from '../test/support/test-app';
import { startBaselineBot } from './baseline-bot';
import { type Measurement, measure, median, report } from './harness';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/**
 * Three, not five as from outside: the local Cosmos DB server reads every document in a
 * container for each query (the results' recounts), so each round finds more to read, and in
 * five the last two rounds measured that stand-in's scans (0.58 falling to 0.42).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

export async function post(url: string, body: unknown): Promise<boolean> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

type StoreKind = 'embedded' | 'cosmos';

/** One store's bot in this process with a live poll, each answer from a different person. */
async function answersRig(store: StoreKind, baselineUrl: string) {
  const connector = await new FakeConnector({ perConversation: [], perTenantPerSecond: Number.MAX_SAFE_INTEGER }).start();
  const data = tempDir('ahp-pulse-bench-');
  const cosmos = store === 'cosmos' ? await startCosmosTarget({ childProcess: true }) : undefined;
  const app = await startTestApp(data.dir, { LEAD_IDS: LEAD.aadObjectId, MIN_RESPONDENTS: '5', ...(cosmos ? cosmosEnv(cosmos) : {}) });
  const stop = async () => {
    await app.stop();
    await connector.stop();
    await cosmos?.stop();
    data.remove();
  };
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
    let people = 0;
    const answer = () => {
      const i = people++;
      const who = { userId: `29:1bench${i}`, aadObjectId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, name: `Bench ${i}` };
      return invokeOf(connector, posted, who, taps[i % taps.length]!);
    };
    let answered = 0;
    return {
      store,
      stop,
      /** Answers through the bot; `turns` and `all`: the store's costs over them (Cosmos DB). */
      async ours(n: number): Promise<{ m: Measurement; turns?: StoreCosts; all?: StoreCosts }> {
        const before = { turns: app.store.costs?.('turns'), all: app.store.costs?.() };
        const m = await measure(n, CONCURRENCY, () => post(app.server.url, answer()));
        answered += n;
        const after = { turns: app.store.costs?.('turns'), all: app.store.costs?.() };
        return {
          m,
          ...(before.turns && after.turns ? { turns: minus(after.turns, before.turns) } : {}),
          ...(before.all && after.all ? { all: minus(after.all, before.all) } : {}),
        };
      },
      /** The same answers to the bare bot. */
      bare: (n: number) => measure(n, CONCURRENCY, () => post(baselineUrl, answer())),
      /** Whether every answer the bot took is stored, once; and one results view's operations. */
      async check(): Promise<{ stored: number; expected: number; viewOperations?: number }> {
        await app.work.flushCardUpdates();
        const stored = await app.store.responses.count(pollId);
        const before = app.store.costs?.();
        await post(app.server.url, cardActionInvoke(connector.url, thread, LEAD, VERBS.viewPoll, { pollId }, channelData));
        const after = app.store.costs?.();
        return { stored, expected: answered, ...(before && after ? { viewOperations: after.operations - before.operations } : {}) };
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

type Rig = Awaited<ReturnType<typeof answersRig>>;
type Run = Awaited<ReturnType<Rig['ours']>>;

/** a + sign × b, figure by figure. */
function plus(a: StoreCosts, b: StoreCosts, sign = 1): StoreCosts {
  return { requestUnits: a.requestUnits + sign * b.requestUnits, operations: a.operations + sign * b.operations, requests: a.requests + sign * b.requests };
}
const minus = (a: StoreCosts, b: StoreCosts) => plus(a, b, -1);
const sum = (costs: (StoreCosts | undefined)[]): StoreCosts | undefined =>
  costs.every((c) => c !== undefined) ? (costs as StoreCosts[]).reduce((s, c) => plus(s, c), { requestUnits: 0, operations: 0, requests: 0 }) : undefined;

/**
 * Answers a second on each store, the client in the bot's own process (it flatters both; the
 * ratio between them is the point): poll answers into a live poll, each from a different person
 * (stored, counted, the person's own card returned), beside a bare bot acknowledging the same
 * invoke. Both stores' bots run side by side and take turns, ROUNDS times, so a slow moment of
 * this shared machine falls on both; each figure is the rounds' median.
 */
export async function cosmosVersusEmbedded(): Promise<void> {
  const baseline = await startBaselineBot();
  const rigs: Rig[] = [];
  try {
    for (const store of ['embedded', 'cosmos'] as const) rigs.push(await answersRig(store, baseline.url));
    for (const rig of rigs) {
      await rig.bare(200); // warm-up
      await rig.ours(200);
    }
    const rounds: { base: Measurement; ours: Map<StoreKind, Run> }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const base = await rigs[0]!.bare(TOTAL);
      const ours = new Map<StoreKind, Run>();
      for (const rig of rigs) ours.set(rig.store, await rig.ours(TOTAL));
      rounds.push({ base, ours });
    }
    const perSecond = (store: StoreKind) => median(rounds.map((r) => r.ours.get(store)!.m.perSecond));
    for (const rig of rigs) {
      const runs = rounds.map((r) => r.ours.get(rig.store)!);
      const { stored, expected, viewOperations } = await rig.check();
      const turns = sum(runs.map((x) => x.turns));
      const all = sum(runs.map((x) => x.all));
      const n = TOTAL * ROUNDS;
      report({
        bench: rig.store === 'embedded' ? 'answers_in_process' : 'answers_cosmos',
        value: perSecond(rig.store),
        unit: 'answers/s',
        baseline: median(rounds.map((r) => r.base.perSecond)),
        ratio: median(rounds.map((r) => r.ours.get(rig.store)!.m.perSecond / r.base.perSecond)),
        p50_ms: median(runs.map((x) => x.m.p50Ms)),
        p99_ms: median(runs.map((x) => x.m.p99Ms)),
        baseline_p99_ms: median(rounds.map((r) => r.base.p99Ms)),
        failures: runs.reduce((s, x) => s + x.m.failures, 0),
        stored_check: stored === expected ? 'every answer the bot took is stored, once' : `stored ${stored} of ${expected}`,
        total: TOTAL,
        rounds: ROUNDS,
        concurrency: CONCURRENCY,
        store: rig.store,
        ...(turns && all
          ? {
              // In the answers' own requests (the hot path), and everything meanwhile (with the
              // card refreshes' recounts and the outbox updating the shared card).
              operations_per_answer: turns.operations / n,
              requests_per_answer: turns.requests / n,
              ru_per_answer: turns.requestUnits / n,
              operations_per_answer_with_background: all.operations / n,
              requests_per_answer_with_background: all.requests / n,
              operations_per_results_view: viewOperations,
              ru_note: process.env.COSMOS_TEST_ENDPOINT
                ? 'as the service reported'
                : 'the local server charges 1 RU for each request or operation that finds or writes a document, 0 otherwise: not real RUs',
            }
          : {}),
      });
    }
    const ratios = rounds.map((r) => r.ours.get('cosmos')!.m.perSecond / r.ours.get('embedded')!.m.perSecond);
    report({
      bench: 'answers_cosmos_vs_embedded',
      value: perSecond('cosmos'),
      unit: 'answers/s',
      baseline: perSecond('embedded'),
      ratio: median(ratios),
      ratio_by_round: ratios.map((x) => Math.round(x * 100) / 100),
      how: 'both bots in this process side by side, taking turns; the median of the rounds',
    });
  } finally {
    for (const rig of rigs) await rig.stop();
    await baseline.stop();
  }
}
