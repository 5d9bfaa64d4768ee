import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { createGzip, deflateSync } from 'node:zlib';
import { SOCKET_LIMITS } from '../../src/adapters/http/http-server';
import { type Started, startProcess } from '../support/bot-process';
import { tempDir } from '../support/test-app';

const MB = 1024 * 1024;

/** A gzip bomb: `{"text":"000…"}` of `inflated` bytes, compressed (about 1,000 to 1). */
async function gzipBomb(inflated: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => gzip.once('end', resolve));
  const zeros = Buffer.alloc(MB, 0x30);
  gzip.write('{"type":"message","text":"');
  for (let written = 0; written < inflated; written += MB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end('"}');
  await done;
  return Buffer.concat(chunks);
}

/** The process's resident memory, as the kernel counts it. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

interface Sent {
  status: number;
  ms: number;
  body: string;
}

/** POSTs a body with headers of our choosing, timing the answer from the first byte sent. */
function send(url: string, body: Buffer, headers: Record<string, string>): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    });
    req.once('response', (res) => {
      const ms = performance.now() - started;
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms, body: text }));
    });
    // The bot may close the socket before the whole body is written: that is the point.
    req.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

/** GET /healthz every 50 ms until stopped, on one kept-alive connection; returns each wait in ms. */
function probe(url: string): { stop: () => Promise<number[]> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const waits: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) =>
        http
          .get(`${url}/healthz`, { agent }, (res) => {
            res.resume();
            res.once('end', () => resolve());
          })
          .once('error', reject),
      );
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      agent.destroy();
      return waits;
    },
  };
}

describe('The HTTP edge against floods, from outside the process', function () {
  this.timeout(60_000);
  let data: ReturnType<typeof tempDir>;
  let started: Started;
  let url: string;
  let bomb: Buffer;

  before(async () => {
    bomb = await gzipBomb(250 * MB);
    data = tempDir();
    started = startProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir });
    url = await started.url;
  });
  after(() => {
    started?.child.kill('SIGKILL');
    data?.remove();
  });

  it('refuses a gzip bomb (about 250 KB, 250 MB inflated) with 415 within 50 ms, before reading it: memory stays flat and /healthz never waits', async () => {
    assert.ok(bomb.length < 300 * 1024, `the bomb is ${bomb.length} bytes on the wire`);
    const pid = started.child.pid!;
    for (let i = 0; i < 5; i++) await fetch(`${url}/healthz`); // warm
    const before = rssMb(pid);
    const probes = probe(url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const results: Sent[] = [];
    for (let i = 0; i < 3; i++) results.push(await send(url, bomb, { 'content-encoding': 'gzip' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const waits = await probes.stop();
    const after = rssMb(pid);

    for (const result of results) {
      assert.equal(result.status, 415);
      assert.match(result.body, /Send the body uncompressed/);
      assert.ok(result.ms < 50, `answered in ${result.ms.toFixed(1)} ms`);
    }
    assert.ok(after - before < 20, `RSS went from ${before.toFixed(0)} to ${after.toFixed(0)} MB`);
    assert.ok(waits.length >= 5, `${waits.length} probes`);
    assert.ok(Math.max(...waits) < 50, `the slowest /healthz probe waited ${Math.max(...waits).toFixed(1)} ms`);
  });

  it('refuses every content encoding but identity, and takes an uncompressed body as before', async () => {
    const activity = Buffer.from(JSON.stringify({ type: 'message', text: 'hello' }));
    assert.equal((await send(url, deflateSync(activity), { 'content-encoding': 'deflate' })).status, 415);
    assert.equal((await send(url, activity, { 'content-encoding': 'br' })).status, 415);
    assert.equal((await send(url, activity, { 'content-encoding': 'gzip, identity' })).status, 415);
    // Identity, said or not, reaches the bot (which refuses this activity for what it is, not how it came).
    assert.notEqual((await send(url, activity, { 'content-encoding': 'identity' })).status, 415);
    assert.notEqual((await send(url, activity, {})).status, 415);
  });

  it(`closes a socket whose headers do not arrive within ${SOCKET_LIMITS.headersTimeoutMs / 1000} s (a slow sender), answering others meanwhile`, async function () {
    this.timeout(SOCKET_LIMITS.headersTimeoutMs + 15_000);
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    const opened = performance.now();
    let reply = '';
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
    });
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - opened)));
    socket.on('error', () => undefined);
    // A header line a byte a second: never a whole request.
    const header = `POST /api/messages HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(100)}`;
    let i = 0;
    const drip = setInterval(() => {
      if (!socket.destroyed && i < header.length) socket.write(header[i++]!);
    }, 1_000);
    try {
      assert.equal((await fetch(`${url}/healthz`)).status, 200, 'others are answered meanwhile');
      const ms = await closed;
      assert.ok(ms >= SOCKET_LIMITS.headersTimeoutMs - 500, `closed after ${ms.toFixed(0)} ms, not before the limit`);
      assert.ok(ms < SOCKET_LIMITS.headersTimeoutMs + SOCKET_LIMITS.checkEveryMs + 2_000, `closed after ${ms.toFixed(0)} ms`);
      assert.match(reply, /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });
});
