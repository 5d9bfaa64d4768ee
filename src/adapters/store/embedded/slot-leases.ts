import type { SlotLeaseRepository } from '../../../application/ports/slot-lease-repository';

/**
 * The embedded store's slot leases, in memory. The embedded store is one process's (its file,
 * its counts, its writer thread), so that process is the only one sending, and a lease needs
 * neither a disk nor a durable commit: a commit waits for an fsync, and a launch takes two
 * leases a send. Leases past their expiry are dropped as new ones come.
 */
export function memorySlotLeases(limit = 100_000): SlotLeaseRepository {
  const leases = new Map<string, number>();
  return {
    claim: async (key, block, expiresAt) => {
      const id = `${key}\u0000${block}`;
      const now = Date.now();
      const held = leases.get(id);
      if (held !== undefined && held > now) return false;
      if (leases.size >= limit) for (const [k, until] of leases) if (until <= now) leases.delete(k);
      leases.set(id, Date.parse(expiresAt));
      return true;
    },
  };
}
