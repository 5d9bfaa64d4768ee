import type { Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { Store } from './ports/store';

const DAY_MS = 86_400_000;
const DIGESTS_CHECKED = 520;

export interface RetentionResult {
  readonly responses: number;
  readonly conversationState: number;
  readonly deliveries: number;
  readonly digestQuotes: number;
  readonly tokens: number;
}

/**
 * RETENTION_DAYS covers everything that holds personal data: responses (from their last
 * change), conversation state (drafts, from their last write), finished deliveries (which hold
 * conversation references), and the quotes kept in published digests (the digest's figures,
 * totals of K people or more, stay). Spent single-use tokens go once they expire. Cosmos DB
 * also expires responses by TTL; this catches what TTL has not reached. Runs at most once an hour.
 */
export function retentionJob(deps: { store: Store; clock: Clock; logger: Logger }, retentionDays: number, everyMs = 3_600_000) {
  let lastRun = -Infinity;
  return async (): Promise<RetentionResult | undefined> => {
    const now = deps.clock.now().getTime();
    if (retentionDays <= 0 || now - lastRun < everyMs) return undefined;
    lastRun = now;
    const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
    const result: RetentionResult = {
      responses: await deps.store.responses.purgeAnsweredBefore(cutoff),
      conversationState: await deps.store.conversationState.purgeUnchangedSince(cutoff),
      deliveries: await deps.store.deliveries.purgeSettledBefore(cutoff),
      digestQuotes: await dropOldQuotes(deps.store, cutoff),
      tokens: await deps.store.oneTimeTokens.purgeExpired(new Date(now).toISOString()),
    };
    if (Object.values(result).some((n) => n > 0)) deps.logger.info('Deleted data past retention', { ...result, cutoff, retentionDays });
    return result;
  };
}

/** Published digests older than the cutoff keep their figures and lose their quotes (people's own words). */
async function dropOldQuotes(store: Store, cutoff: string): Promise<number> {
  let dropped = 0;
  for (const publication of await store.digests.list(DIGESTS_CHECKED)) {
    if (publication.publishedAt >= cutoff || publication.digest.themes.quotes.length === 0) continue;
    const kept = { ...publication, digest: { ...publication.digest, themes: { ...publication.digest.themes, quotes: [] } }, version: publication.version + 1 };
    if (await store.digests.update(kept, publication.version)) dropped += publication.digest.themes.quotes.length;
  }
  return dropped;
}
