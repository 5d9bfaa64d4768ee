import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { openSqliteStore } from '../src/adapters/store/embedded/store';
import { START_FLAGS } from '../test/support/bot-process';
import { actionOnCard, invokeOf, latestPostedCard } from '../test/support/card-answers';
import { FakeConnector } from '../test/support/fake-connector';
import { AHP_COMMUNITY, channelMention, LEAD } from '../test/support/teams-activities';
import { tempDir } from '../test/support/test-app';
import { median, report } from './harness';
import { offerAtRate } from './open-loop';

/**
 * Answers measured as a user would: the bot runs as its own process (`node dist/src/main.js`,
 * as `npm start` runs it), the bare botbuilder bot as another, and this process drives both
 * with autocannon over loopback: poll answers into a live poll, each from a different person.
 * It reports answers/s, p50 and p99 at full load (50 connections, 10 s), the ratio to the bare
 * bot, and p99 at an offered rate of 500 answers/s (arriving at random moments, and in
 * autocannon's bursts); then it checks, in the bot's own data
 * file, that every acknowledged answer is stored, once.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * The two bots take turns, ROUNDS times, for SECONDS / 2 each, and the figures are the
 * rounds' medians: these machines are shared, and a neighbour's burst during one long run
 * moved the ratio by half.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FIXED_RATE = 500;

interface Proc {
  readonly child: ChildProcess;
  readonly url: string;
  stop(): Promise<void>;
}

async function startProcess(script: string, env: Record<string, string>, listening: RegExp): Promise<Proc> {
  const flags = process.env.BENCH_CPU_PROF && script.endsWith('main.js') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];
  const child = spawn(process.execPath, [...flags, ...(script.endsWith('main.js') ? START_FLAGS : []), script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = listening.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`${script} exited before listening:\n${output}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** autocannon against `url`, every request a new person's answer; resolves with its result. */
function drive(url: string, answer: (n: number) => unknown, first: number, options: { seconds: number; rate?: number }) {
  if (process.env.BENCH_DEBUG) console.error(`driving ${url} for ${options.seconds} s${options.rate ? ` at ${options.rate}/s` : ''}`);
  let n = first;
  return autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(answer(n++)) }),
      },
    ],
  }).then((result) => ({ result, sent: n - first }));
}

export async function answersFromOutside(): Promise<void> {
  const connector = await new FakeConnector({ perConversation: [], perTenantPerSecond: Number.MAX_SAFE_INTEGER }).start();
  const data = tempDir('ahp-pulse-bench-');
  const dist = path.resolve(__dirname, '..');
  const bot = await startProcess(
    path.join(dist, 'src', 'main.js'),
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: data.dir,
      LEAD_IDS: LEAD.aadObjectId,
      LOG_LEVEL: 'info',
      CARD_REFRESH_MS: '2000',
    },
    /listening on (http:\/\/[^/\s"]+)/,
  ).catch(async (error) => {
    await connector.stop();
    throw error;
  });
  const baseline = await startProcess(path.join(dist, 'bench', 'baseline-main.js'), {}, /baseline listening on (http:\/\/[^/\s"]+)/);
  try {
    await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority results=live closes=7d')),
    });
    const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(connector.activities.at(-1)?.activity.text))?.[1];
    if (!pollId) throw new Error('The benchmark could not start its poll.');
    // What a client sends for a tap on each of three choices, read from the card the channel shows.
    const posted = latestPostedCard(connector, AHP_COMMUNITY.teamId);
    const taps = ['Easier access to support', 'Optimising care', 'Communication, collaboration and integration'].map((press) =>
      actionOnCard(connector, posted, { press }),
    );
    const answer = (i: number) =>
      invokeOf(
        connector,
        posted,
        { userId: `29:1out${i}`, aadObjectId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, name: `Outside ${i}` },
        taps[i % taps.length]!,
      );
    await drive(baseline.url, answer, 0, { seconds: 2 }); // warm-up
    const warm = await drive(bot.url, answer, 0, { seconds: 2 });
    const rounds: { base: Awaited<ReturnType<typeof drive>>; ours: Awaited<ReturnType<typeof drive>> }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const base = await drive(baseline.url, answer, 1_000_000 * (r + 1), { seconds: SECONDS / 2 });
      const ours = await drive(bot.url, answer, 1_000_000 * (r + 1), { seconds: SECONDS / 2 });
      rounds.push({ base, ours });
    }
    // Each run its own million people (a run is far fewer), so no one answers twice.
    const steady = await offerAtRate(bot.url, answer, 1_000_000 * (ROUNDS + 1), {
      rate: FIXED_RATE,
      seconds: SECONDS,
      sockets: CONNECTIONS,
      untimedSeconds: 1,
    });
    const fixed = await drive(bot.url, answer, 1_000_000 * (ROUNDS + 2), { seconds: SECONDS, rate: FIXED_RATE });
    await bot.stop();
    const store = openSqliteStore(data.dir);
    const stored = await store.responses.count(pollId);
    await store.close();
    // Every request was a different person: each acknowledged answer must be there, once (a
    // request that timed out may have been stored too, so no more than were sent).
    const ran = [warm, ...rounds.map((r) => r.ours), fixed];
    const acknowledged = ran.reduce((sum, run) => sum + run.result['2xx'], 0) + steady.ok;
    const sent = ran.reduce((sum, run) => sum + run.sent, 0) + steady.sent;
    const perSecond = median(rounds.map((r) => r.ours.result.requests.average));
    report({
      bench: 'answers',
      value: Math.round(perSecond),
      unit: 'answers/s',
      baseline: Math.round(median(rounds.map((r) => r.base.result.requests.average))),
      ratio: Math.round(median(rounds.map((r) => r.ours.result.requests.average / r.base.result.requests.average)) * 100) / 100,
      ratio_by_round: rounds.map((r) => Math.round((r.ours.result.requests.average / r.base.result.requests.average) * 100) / 100),
      p50_ms: median(rounds.map((r) => r.ours.result.latency.p50)),
      p99_ms: median(rounds.map((r) => r.ours.result.latency.p99)),
      baseline_p99_ms: median(rounds.map((r) => r.base.result.latency.p99)),
      p99_ms_at_500_per_s: steady.p99,
      p50_ms_at_500_per_s: steady.p50,
      offered_500_per_s_achieved: steady.perSecond,
      p99_ms_at_500_per_s_in_bursts: fixed.result.latency.p99,
      errors: ran.slice(1).reduce((sum, run) => sum + run.result.errors + run.result.timeouts + run.result.non2xx, 0) + steady.failed,
      acknowledged,
      stored,
      stored_check:
        stored >= acknowledged && stored <= sent
          ? 'every acknowledged answer stored, once each'
          : `MISMATCH: stored ${stored}, acknowledged ${acknowledged}, sent ${sent}`,
      connections: CONNECTIONS,
      seconds: SECONDS,
      rounds: ROUNDS,
      how: "bot and bare bot each in its own process (node dist/...), driven from a third with autocannon over loopback; each answer from a different person; at 500/s: answers arriving at random (Poisson) moments, timed after a first second at that rate untimed (the bot has just come off full load), and autocannon sending each second's 500 at its start (in_bursts)",
    });
  } finally {
    if (bot.child.exitCode === null) await bot.stop();
    await baseline.stop();
    await connector.stop();
    data.remove();
  }
}
