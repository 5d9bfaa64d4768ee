/**
 * Leases on the outbox's sending slots (application/outbox/shared-limiter.ts): every
 * instance that sends to Teams claims its slots here, so together they keep one tenant's
 * budget and each conversation's limit. A lease is a moment, gone once `expiresAt` passes.
 */
export interface SlotLeaseRepository {
  /** True for the one caller, of however many instances, that claims `block` of `key` first. */
  claim(key: string, block: number, expiresAt: string): Promise<boolean>;
}
