import { type Started, startProcess } from './bot-process';
import { type CosmosTarget, cosmosEnv, startCosmosTarget, uniqueDatabase } from './cosmos-server';
import type { FakeTeam } from './fake-connector';
import { startConnectorProcess } from './fake-connector-process';
import { LEAD, personalMessage, teamInstallationUpdate } from './teams-activities';
import { postActivity, tempDir } from './test-app';

/** What three instances did together, as the fake Teams saw it. */
export interface ThreeLaunches {
  readonly channels: number;
  /** Every POST that starts a channel thread, accepted or not, with when it arrived (epoch ms). */
  readonly creates: readonly { readonly at: number; readonly status: number }[];
  /** Cards posted in each channel (of all three teams), by the poll they carry. */
  readonly cardsPerChannel: ReadonlyMap<string, readonly string[]>;
  readonly pollIds: readonly string[];
  /** From the first create to the last. */
  readonly seconds: number;
}

export function teamsOf(count: number, channels: number, prefix: string): FakeTeam[] {
  return Array.from({ length: count }, (_, t) => {
    const id = `19:${prefix}${t}general@thread.tacv2`;
    return {
      id,
      name: `Team ${prefix}${t}`,
      channels: [{ id }, ...Array.from({ length: channels - 1 }, (_, c) => ({ id: `19:${prefix}${t}c${c}@thread.tacv2`, name: `Channel ${c}` }))],
    };
  });
}

/**
 * Three instances of the bot, each `node dist/src/main.js` in its own process, on one Cosmos DB
 * (the local server, in a process of its own), each launching its own poll at once, instance i
 * to team i (`to=<team name>`), against one fake Teams that keeps the tenant's 50 a second.
 * Resolves when every post has been made (or `maxMs` passes).
 */
export async function launchFromThreeInstances(teams: FakeTeam[], maxMs = 120_000): Promise<ThreeLaunches> {
  if (teams.length !== 3) throw new Error('One team for each of the three instances.');
  const connector = await startConnectorProcess(teams);
  const data = tempDir('ahp-pulse-three-');
  let cosmos: CosmosTarget | undefined;
  const bots: Started[] = [];
  try {
    cosmos = await startCosmosTarget({ childProcess: true });
    const env = {
      ...cosmosEnv(cosmos, uniqueDatabase()),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: data.dir,
      LEAD_IDS: LEAD.aadObjectId,
      OUTBOX_INTERVAL_MS: '100',
    };
    // The first creates the containers; the others start once they are there.
    bots.push(startProcess({ ...env, INSTANCE_ID: 'instance-0' }));
    const first = await bots[0]!.url;
    bots.push(startProcess({ ...env, INSTANCE_ID: 'instance-1' }), startProcess({ ...env, INSTANCE_ID: 'instance-2' }));
    const urls = [first, await bots[1]!.url, await bots[2]!.url];
    for (const team of teams) await postActivity(first, teamInstallationUpdate(connector.url, { teamId: team.id, name: team.name, aadGroupId: 'g' }));
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the welcomes' second is over
    const before = (await connector.progress()).requests;
    await Promise.all(urls.map((url, i) => postActivity(url, personalMessage(connector.url, LEAD, `launch top-priority to="${teams[i]!.name}"`))));
    const channels = teams.reduce((n, t) => n + t.channels.length, 0);
    const until = Date.now() + maxMs;
    while ((await connector.progress()).pollPosts < channels && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 500));
    const state = await connector.state();
    const pollIds = [...new Set(state.posts.map((p) => p.pollId).filter((id) => id !== ''))];
    const creates = state.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/v3/conversations');
    const cardsPerChannel = new Map<string, string[]>();
    for (const post of state.posts) {
      if (post.pollId === '') continue;
      cardsPerChannel.set(post.conversationId, [...(cardsPerChannel.get(post.conversationId) ?? []), post.pollId]);
    }
    const times = creates.map((r) => r.at);
    return {
      channels,
      creates: creates.map((r) => ({ at: r.at, status: r.status })),
      cardsPerChannel,
      pollIds,
      seconds: times.length > 0 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0,
    };
  } finally {
    for (const bot of bots) bot.child.kill('SIGKILL');
    await Promise.all(bots.map((bot) => bot.exited));
    await cosmos?.stop();
    await connector.stop();
    data.remove();
  }
}
