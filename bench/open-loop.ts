import http from 'node:http';
import { seededRandom } from '../src/domain/digest/builder';

export interface OpenLoopResult {
  readonly sent: number;
  /** Answered 200, timed or not. */
  readonly ok: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * Answers offered at a steady rate, as people tapping independently send them: arrivals at
 * random (Poisson) moments averaging `rate` a second, each sent when it falls due whether or
 * not earlier ones have been answered, over at most `sockets` kept-alive connections.
 *
 * autocannon's own fixed rate sends each connection's share of a second at the start of that
 * second, so "500/s" arrives as 500 at once, then nothing: a burst test, reported beside this.
 * Each latency here runs from the moment the answer fell due, so time spent waiting for a free
 * connection is counted (no coordinated omission). The first `untimedSeconds` of arrivals are
 * sent but not timed: the run measures the steady state at this rate, not the bot's way down
 * from whatever ran before it (in the bench, full load) nor the client's first connections.
 */
export async function offerAtRate(
  url: string,
  body: (n: number) => unknown,
  first: number,
  options: { rate: number; seconds: number; sockets: number; seed?: string; untimedSeconds?: number },
): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets });
  const target = new URL('/api/messages', url);
  const latencies: number[] = [];
  let failed = 0;
  /** With BENCH_DEBUG: each answer slower than 40 ms, as [ms into the run it fell due, latency]: stalls show as clusters. */
  const slow: [number, number][] = [];
  const uniform = seededRandom(options.seed ?? 'open-loop'); // the same arrivals every run
  const start = performance.now();
  const untimedMs = (options.untimedSeconds ?? 0) * 1000;
  const due: number[] = [];
  for (let at = 0; at < untimedMs + options.seconds * 1000; at += (-Math.log(1 - uniform()) * 1000) / options.rate) due.push(at);
  let ok = 0;
  const send = (n: number, dueAt: number) =>
    new Promise<void>((resolve) => {
      const payload = JSON.stringify(body(n));
      const request = http.request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) {
              ok++;
              if (dueAt - start < untimedMs) return resolve();
              latencies.push(performance.now() - dueAt);
              if (process.env.BENCH_DEBUG && performance.now() - dueAt > 40) slow.push([Math.round(dueAt - start), Math.round(performance.now() - dueAt)]);
            } else failed++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        failed++;
        resolve();
      });
      request.end(payload);
    });
  const pending: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now() - start;
      while (next < due.length && due[next]! <= now) {
        pending.push(send(first + next, start + due[next]!));
        next++;
      }
      if (next < due.length) setTimeout(tick, Math.max(0, Math.min(1, due[next]! - now)));
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start - untimedMs) / 1000;
  if (process.env.BENCH_DEBUG) console.error(`slow answers at ${options.rate}/s: ${JSON.stringify(slow)}`);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  return { sent: due.length, ok, failed, perSecond: Math.round(sorted.length / elapsed), p50: at(0.5), p99: at(0.99) };
}
