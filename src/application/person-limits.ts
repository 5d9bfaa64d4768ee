import type { Clock } from './ports/clock';

/**
 * How often one person may ask for what costs the store most: `my data` reads everything held
 * about them, and an erasure rewrites it. Kept in memory, per instance: a refused request asks
 * nothing of the store. (Behind a load balancer each instance keeps its own count, so a
 * determined person gets at most one per instance per window.)
 */
export class PersonLimits {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: { readonly myData: number; readonly erasure: number },
    private readonly maxPeople = 10_000,
  ) {}

  /** Whether `person` may do `what` now (and, if so, it counts from now); else when they may next. */
  take(what: keyof PersonLimits['windowMs'], person: string): { ok: true } | { ok: false; next: Date } {
    const now = this.clock.now().getTime();
    const key = `${what}\u0000${person}`;
    const at = this.last.get(key);
    const window = this.windowMs[what];
    if (at !== undefined && now - at < window) return { ok: false, next: new Date(at + window) };
    this.last.delete(key);
    this.last.set(key, now);
    if (this.last.size > this.maxPeople) this.last.delete(this.last.keys().next().value!);
    return { ok: true };
  }
}

/** One `my data` a minute, one erasure an hour, a person. */
export const PERSON_WINDOWS = { myData: 60_000, erasure: 3_600_000 } as const;
