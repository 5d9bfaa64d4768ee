import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeConnector, type FakeTeam } from './fake-connector';

/**
 * The fake Teams in a process of its own: it times each request as it arrives, and in the
 * test's own process a busy moment (a garbage collection late in a long suite) would hold
 * requests back and then time them together, as if the bot had bunched them. Started with
 * its teams; `state()` reads what it saw.
 */
export interface ConnectorProcess {
  readonly url: string;
  /** Everything it saw: a large answer late in a launch, so for the end. */
  state(): Promise<ConnectorState>;
  /** How many requests it has had, and how many threads carrying a poll's card it has started: cheap, for polling. */
  progress(): Promise<{ readonly requests: number; readonly pollPosts: number }>;
  stop(): Promise<void>;
}

export interface ConnectorState {
  readonly requests: readonly { method: string; path: string; status: number; at: number }[];
  /** The threads started in channels: where, and the poll their card carries. */
  readonly posts: readonly { conversationId: string; pollId: string }[];
}

if (require.main === module) {
  void (async () => {
    const teams = JSON.parse(process.env.FAKE_TEAMS ?? '[]') as FakeTeam[];
    const connector = await new FakeConnector({ teams }).start();
    // The posts are read off the activities once each, as they come: stringifying every card
    // at each look held this process (and the requests arriving meanwhile, timed late and then
    // together) for longer the more there were.
    const posts: { conversationId: string; pollId: string }[] = [];
    let seen = 0;
    const catchUp = () => {
      for (; seen < connector.activities.length; seen++) {
        const a = connector.activities[seen]!;
        if (a.method === 'create')
          posts.push({ conversationId: a.conversationId, pollId: /"pollId":"(p[0-9a-z]+)"/.exec(JSON.stringify(a.activity))?.[1] ?? '' });
      }
    };
    const state = http.createServer((req, res) => {
      catchUp();
      res.setHeader('content-type', 'application/json');
      if (req.url === '/progress') {
        res.end(JSON.stringify({ requests: connector.requests.length, pollPosts: posts.filter((p) => p.pollId !== '').length }));
        return;
      }
      res.end(JSON.stringify({ requests: connector.requests, posts } satisfies ConnectorState));
    });
    state.listen(0, '127.0.0.1', () => {
      process.stdout.write(`${JSON.stringify({ url: connector.url, state: `http://127.0.0.1:${(state.address() as AddressInfo).port}` })}\n`);
    });
  })();
}

export async function startConnectorProcess(teams: readonly FakeTeam[]): Promise<ConnectorProcess> {
  const child: ChildProcess = spawn(process.execPath, [__filename], {
    env: { PATH: process.env.PATH ?? '', FAKE_TEAMS: JSON.stringify(teams) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = await new Promise<{ url: string; state: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { url: string; state: string });
    });
    child.once('exit', (code) => reject(new Error(`the fake Teams exited (${code})`)));
  });
  return {
    url: urls.url,
    state: async () => (await (await fetch(urls.state)).json()) as ConnectorState,
    progress: async () => (await (await fetch(`${urls.state}/progress`)).json()) as { requests: number; pollPosts: number },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
