import type { OneTimeTokenRepository } from '../../../application/ports/one-time-token-repository';
import type { CosmosContext } from './internal/context';
import { cosmosId } from './internal/ids';

/** Single-use tokens: a create of claims/token:<id> with a TTL to its expiry; a 409 means it was used. */
export function cosmosOneTimeTokens({ guard, createOnce }: CosmosContext): OneTimeTokenRepository {
  return {
    use: (id, expiresAt) =>
      guard(async () => {
        const ttl = Math.max(60, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000) + 60);
        return createOnce('claims', { id: cosmosId(`token:${id}`), doc: { kind: 'token', expiresAt }, ttl });
      }),
    // Cosmos DB removes them itself, by their TTL.
    purgeExpired: async () => 0,
  };
}
