/**
 * Teams' limits, kept by giving every request a slot on an even grid per key. Per app per
 * tenant: 50 a second, so slots 1000/50 ms apart (with 5% to spare for network jitter): no
 * one-second window, however it falls, holds more than 50. Per bot per conversation: 7 a
 * second, 8 per 2 s, 60 per 30 s, 1800 an hour; 1800 an hour is the binding long-run rate, so
 * slots 2 s apart meet all four (1 per second and per 2 s, 15 per 30 s, 1800 an hour).
 * (msteams-docs, bots/how-to/rate-limit.)
 */
export interface Grid {
  /** Time between two requests on this key, in ms. */
  readonly spacingMs: number;
}

export const CONVERSATION_GRID: Grid = { spacingMs: 2_000 };

/**
 * 10% of the tenant's rate is kept spare: botbuilder's HTTP pipeline retries a 5xx or a 429 by
 * itself (outside these slots), and timers and the network can bunch requests a little.
 */
export function tenantGrid(perSecond: number): Grid {
  return { spacingMs: (1_000 / perSecond) * 1.1 };
}

export class RateLimiter {
  /** Tenant keys: the grid slots taken. */
  private readonly slots = new Map<string, Set<number>>();
  /** Conversation keys: the earliest next request. */
  private readonly next = new Map<string, number>();

  /**
   * Reserves the earliest moment from `now` that is a free slot on the tenant's grid and at
   * least one spacing after the conversation's previous request (epoch ms).
   */
  reserve(now: number, tenant: { key: string; grid: Grid }, conversation: { key: string; grid: Grid }): number {
    const earliest = Math.max(now, this.next.get(conversation.key) ?? -Infinity);
    const slots = this.slotsOf(tenant.key, now, tenant.grid);
    let slot = Math.ceil(earliest / tenant.grid.spacingMs - 1e-9);
    while (slots.has(slot)) slot++;
    slots.add(slot);
    const at = Math.ceil(slot * tenant.grid.spacingMs);
    this.next.set(conversation.key, at + conversation.grid.spacingMs);
    if (this.next.size > 10_000) {
      for (const [key, time] of this.next) if (time < now) this.next.delete(key);
    }
    return at;
  }

  private slotsOf(key: string, now: number, grid: Grid): Set<number> {
    let slots = this.slots.get(key);
    if (!slots) {
      slots = new Set();
      this.slots.set(key, slots);
    }
    if (slots.size > 1_024) {
      const past = Math.floor(now / grid.spacingMs) - 1;
      for (const slot of slots) if (slot < past) slots.delete(slot);
    }
    return slots;
  }
}
