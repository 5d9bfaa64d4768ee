import type { ErrorResponse } from '@azure/cosmos';
import type { AuditRepository } from '../../../application/ports/audit-repository';
import type { OneTimeTokenRepository } from '../../../application/ports/one-time-token-repository';
import type { SlotLeaseRepository } from '../../../application/ports/slot-lease-repository';
import type { AuditRecord } from '../../../domain/audit';
import type { CosmosContext } from './cosmos-context';
import { cosmosId } from './cosmos-ids';

/** Single-use tokens: a create of claims/token:<id> with a TTL to its expiry; a 409 means it was used. */
export function cosmosOneTimeTokens({ c, guard, count }: CosmosContext): OneTimeTokenRepository {
  return {
    use: (id, expiresAt) =>
      guard(async () => {
        const ttl = Math.max(60, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000) + 60);
        try {
          count(await c('claims').items.create({ id: cosmosId(`token:${id}`), doc: { kind: 'token', expiresAt }, ttl }));
          return true;
        } catch (error) {
          if ((error as ErrorResponse).code === 409) return false;
          throw error;
        }
      }),
    // Cosmos DB removes them itself, by their TTL.
    purgeExpired: async () => 0,
  };
}

/**
 * The outbox's slot leases, shared by every instance: a create of claims/slot:<key>:<block>,
 * kept by TTL a little past the slot; a 409 means another instance has that slot.
 */
export function cosmosSlotLeases({ c, guard, count }: CosmosContext): SlotLeaseRepository {
  return {
    claim: (key, block, expiresAt) =>
      guard(async () => {
        const ttl = Math.max(60, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000) + 60);
        try {
          count(await c('claims').items.create({ id: cosmosId(`slot:${key}:${block}`), doc: { kind: 'slot', expiresAt }, ttl }));
          return true;
        } catch (error) {
          if ((error as ErrorResponse).code === 409) return false;
          throw error;
        }
      }),
  };
}

/** The audit log: created, never replaced or deleted by the bot (and no TTL). */
export function cosmosAudit({ c, guard, query, count }: CosmosContext): AuditRepository {
  return {
    append: (record) =>
      guard(async () => {
        count(await c('audit').items.create({ id: cosmosId(record.id), at: record.at, doc: record }));
      }),
    listSince: (since, limit) =>
      guard(async () => {
        const records = await query<AuditRecord>('audit', 'SELECT VALUE c.doc FROM c WHERE c.at >= @since', { '@since': since });
        return records.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).slice(0, limit);
      }),
  };
}
