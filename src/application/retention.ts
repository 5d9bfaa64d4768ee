import type { Clock, Logger, Store } from './ports';

const DAY_MS = 86_400_000;

/**
 * Deletes responses older than the retention period (RETENTION_DAYS after their last change).
 * Cosmos DB also expires them itself by TTL; this makes the embedded store do the same, and
 * catches anything TTL has not reached yet. Runs at most once an hour.
 */
export function retentionJob(deps: { store: Store; clock: Clock; logger: Logger }, retentionDays: number, everyMs = 3_600_000) {
  let lastRun = -Infinity;
  return async (): Promise<number> => {
    const now = deps.clock.now().getTime();
    if (retentionDays <= 0 || now - lastRun < everyMs) return 0;
    lastRun = now;
    const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
    const deleted = await deps.store.responses.purgeAnsweredBefore(cutoff);
    if (deleted > 0) deps.logger.info('Deleted responses past retention', { deleted, cutoff, retentionDays });
    return deleted;
  };
}
