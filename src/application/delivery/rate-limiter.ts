/**
 * Teams' limits as sliding windows, per key: a request is given the earliest moment at which
 * every window it falls under still has room, and that moment is reserved. Per bot per
 * conversation: 7 a second, 8 per 2 s, 60 per 30 s, 1800 an hour; per app per tenant: 50 a
 * second (msteams-docs, bots/how-to/rate-limit).
 */
export interface Window {
  readonly count: number;
  readonly ms: number;
}

export const CONVERSATION_WINDOWS: readonly Window[] = [
  { count: 7, ms: 1_000 },
  { count: 8, ms: 2_000 },
  { count: 60, ms: 30_000 },
  { count: 1_800, ms: 3_600_000 },
];

export function tenantWindows(perSecond: number): readonly Window[] {
  return [{ count: perSecond, ms: 1_000 }];
}

/** A margin kept below each limit, so clocks and network jitter cannot push a send over it. */
const SAFETY_MS = 60;

export class RateLimiter {
  private readonly history = new Map<string, number[]>();

  /** Reserves a slot under every (key, windows) pair; returns when it may be used (epoch ms). */
  reserve(now: number, limits: readonly { key: string; windows: readonly Window[] }[]): number {
    let at = now;
    for (let changed = true; changed; ) {
      changed = false;
      for (const { key, windows } of limits) {
        const times = this.history.get(key) ?? [];
        for (const { count, ms } of windows) {
          const inWindow = times.filter((t) => t > at - ms - SAFETY_MS);
          if (inWindow.length >= count) {
            const earliest = inWindow[inWindow.length - count]! + ms + SAFETY_MS;
            if (earliest > at) {
              at = earliest;
              changed = true;
            }
          }
        }
      }
    }
    for (const { key, windows } of limits) {
      const longest = Math.max(...windows.map((w) => w.ms)) + SAFETY_MS;
      const times = (this.history.get(key) ?? []).filter((t) => t > at - longest);
      times.push(at);
      times.sort((a, b) => a - b);
      this.history.set(key, times);
    }
    return at;
  }
}
