/**
 * A small load harness: runs `total` calls with `concurrency` in flight, and reports the rate
 * and latency percentiles. Bounded in count, on loopback only.
 */
export interface Measurement {
  readonly total: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

export async function measure(total: number, concurrency: number, call: (i: number) => Promise<boolean>): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      const ok = await call(i).catch(() => false);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { total, seconds, perSecond: total / seconds, p50Ms: at(0.5), p99Ms: at(0.99), failures };
}

/** The middle value (the upper of the two middle ones for an even count). */
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function report(fields: { bench: string; value: number; unit: string; baseline?: number } & Record<string, unknown>): void {
  const { bench, value, unit, baseline, ...rest } = fields;
  const line: Record<string, unknown> = { bench, value: round(value), unit };
  if (baseline !== undefined) {
    line.baseline = round(baseline);
    line.ratio = round(value / baseline, 3);
  }
  for (const [k, v] of Object.entries(rest)) line[k] = typeof v === 'number' ? round(v, k === 'ratio' ? 3 : 2) : v;
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}
