import type { Logger } from '../../application/ports/logger';

export interface RunningScheduler {
  /** Runs one tick now (tests, and catch-up at start). */
  tickNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs its jobs at start-up (catching up on whatever fell due while the bot was down) and then
 * every `intervalMs`, in order, never two ticks at once. Each job fails on its own: one that
 * throws is logged and the others still run. The work itself lives in the store, so a restart
 * loses nothing.
 */
export function startScheduler(intervalMs: number, jobs: Readonly<Record<string, () => Promise<unknown>>>, logger: Logger): RunningScheduler {
  const tick = async () => {
    for (const [name, job] of Object.entries(jobs)) {
      try {
        await job();
      } catch (error) {
        logger.error(`The scheduled job "${name}" failed; it runs again at the next interval`, { error });
      }
    }
  };
  let current: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = (): Promise<void> => {
    current = current.then(async () => {
      if (stopped) return;
      try {
        await tick();
      } catch (error) {
        logger.error('A scheduler tick failed; it runs again at the next interval', { error });
      }
    });
    return current;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  void run();
  return {
    tickNow: run,
    stop: async () => {
      clearInterval(timer);
      await current;
      stopped = true;
    },
  };
}
