import type { SlotLeaseRepository } from '../../../application/ports/slot-lease-repository';
import type { CosmosContext } from './internal/context';
import { cosmosId } from './internal/ids';

/**
 * The outbox's slot leases, shared by every instance: a create of claims/slot:<key>:<block>,
 * kept by TTL a little past the slot; a 409 means another instance has that slot.
 */
export function cosmosSlotLeases({ guard, createOnce }: CosmosContext): SlotLeaseRepository {
  return {
    claim: (key, block, expiresAt) =>
      guard(async () => {
        const ttl = Math.max(60, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000) + 60);
        return createOnce('claims', { id: cosmosId(`slot:${key}:${block}`), doc: { kind: 'slot', expiresAt }, ttl });
      }),
  };
}
