import type { Logger } from '../ports/logger';

/**
 * Coalesces updates of a poll's posted cards: however many people answer, each poll's cards
 * are updated at most once per interval, and always once after the last answer. One update a
 * poll every 2 s stays well inside Teams' per-conversation limits (7/s, 60 per 30 s). A poll
 * whose recount is slow (a big one) waits longer between updates: `minimumGapMs` says how long.
 */
export class CardRefresher {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastRun = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly refresh: (pollId: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly minimumGapMs: (pollId: string) => number = () => 0,
  ) {}

  request(pollId: string): void {
    if (this.stopped || this.pending.has(pollId)) return;
    const gap = Math.max(this.intervalMs, this.minimumGapMs(pollId));
    const wait = Math.max(0, (this.lastRun.get(pollId) ?? 0) + gap - Date.now());
    this.pending.set(
      pollId,
      setTimeout(() => this.run(pollId), wait),
    );
  }

  private run(pollId: string): void {
    this.pending.delete(pollId);
    this.lastRun.set(pollId, Date.now());
    const work = this.refresh(pollId)
      .catch((error: unknown) => this.logger.warn('Could not refresh a poll card', { pollId, error }))
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** Runs every pending refresh now and waits for all of them (shutdown, tests). */
  async flush(): Promise<void> {
    for (const [pollId, timer] of this.pending) {
      clearTimeout(timer);
      this.run(pollId);
    }
    await Promise.all([...this.running]);
  }

  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
  }
}
