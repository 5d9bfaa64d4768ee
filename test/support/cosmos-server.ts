import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { openCosmosStore } from '../../src/adapters/store/cosmos/store';
import type { Store } from '../../src/application/ports/store';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const createCosmosServer: (options?: { keepAlive?: boolean }) => Server = require('@vercel/cosmosdb-server').default;

/**
 * Where the Cosmos DB tests run: @vercel/cosmosdb-server on a loopback port (HTTPS with a
 * self-signed certificate), which speaks the Cosmos DB REST protocol to the real @azure/cosmos
 * SDK. Set COSMOS_TEST_ENDPOINT (and COSMOS_TEST_KEY) to run the same tests against the real
 * Cosmos DB emulator or an Azure account instead; each test makes its own database there.
 */
export interface CosmosTarget {
  readonly endpoint: string;
  readonly key: string;
  readonly insecure: boolean;
  readonly description: string;
  stop(): Promise<void>;
}

export async function startCosmosTarget(options: { childProcess?: boolean } = {}): Promise<CosmosTarget> {
  const external = process.env.COSMOS_TEST_ENDPOINT;
  if (external) {
    const loopback = /^https:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(external);
    return { endpoint: external, key: process.env.COSMOS_TEST_KEY ?? '', insecure: loopback, description: external, stop: async () => {} };
  }
  if (options.childProcess) return startInChildProcess();
  const server = createCosmosServer({ keepAlive: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: 'local-test-server-key',
    insecure: true,
    description: `@vercel/cosmosdb-server on 127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function uniqueDatabase(): string {
  return `ahp-pulse-test-${randomUUID().slice(0, 8)}`;
}

export function openTestCosmosStore(target: CosmosTarget, database: string, create: boolean, retentionDays = 30): Promise<Store> {
  return openCosmosStore({
    endpoint: target.endpoint,
    key: target.key,
    database,
    createIfMissing: create,
    retentionDays,
    allowInsecureTls: target.insecure,
  });
}

/** The environment that points the real app at the target (STORE=cosmos). */
export function cosmosEnv(target: CosmosTarget, database = uniqueDatabase()): Record<string, string> {
  return {
    STORE: 'cosmos',
    COSMOS_ENDPOINT: target.endpoint,
    COSMOS_KEY: target.key,
    COSMOS_DATABASE: database,
    COSMOS_CREATE_CONTAINERS: 'true',
    ...(target.insecure ? { COSMOS_ALLOW_INSECURE_TLS: 'true' } : {}),
  };
}

/** The local server in a process of its own, so a benchmark does not share its CPU with the bot. */
async function startInChildProcess(): Promise<CosmosTarget> {
  const script = `const s = require(${JSON.stringify(require.resolve('@vercel/cosmosdb-server'))}).default({ keepAlive: true });
    s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /port (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`The Cosmos DB test server exited (${code}).`)));
  });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: 'local-test-server-key',
    insecure: true,
    description: `@vercel/cosmosdb-server (own process) on 127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    },
  };
}
