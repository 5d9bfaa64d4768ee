import type { DatabaseSync } from 'node:sqlite';
import type { DeliveryRepository } from '../../../application/ports/delivery-repository';
import { type Delivery, deliveryFromStored } from '../../../domain/delivery';
import type { GroupWriter } from './internal/group-writer';
import { type BodyRow, type Guard, parseRow } from './internal/rows';
import { transaction } from './migrations';

const readDelivery = (row: BodyRow): Delivery => deliveryFromStored(parseRow<Delivery>(row));

/** The outbox in SQLite, found by subject (a poll, a week's digest): a claim is an UPDATE conditional on the row still being claimable. */
export function sqliteDeliveries(db: DatabaseSync, guard: Guard, writer: GroupWriter): DeliveryRepository {
  const write = (d: Delivery) => [d.subject, d.status, d.notBefore, d.leaseUntil ?? null, d.claimedBy ?? null, JSON.stringify(d), d.id] as const;
  return {
    enqueue: async (deliveries) =>
      guard(() => {
        const insert = db.prepare(
          'INSERT OR IGNORE INTO deliveries (subject, status, not_before, lease_until, claimed_by, body, id) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        return transaction(db, () => deliveries.reduce((added, d) => added + Number(insert.run(...write(d)).changes), 0));
      }),
    requeue: async (deliveries) =>
      guard(() => {
        const upsert = db.prepare(
          `INSERT INTO deliveries (subject, status, not_before, lease_until, claimed_by, body, id) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, not_before = excluded.not_before, lease_until = NULL,
             claimed_by = NULL, body = excluded.body
           WHERE deliveries.status IN ('sent', 'failed', 'cancelled')`,
        );
        return transaction(db, () => deliveries.reduce((queued, d) => queued + Number(upsert.run(...write(d)).changes), 0));
      }),
    claimDue: async (now, owner, leaseUntil, limit) =>
      guard(() => {
        const rows = db
          .prepare(
            `SELECT body FROM deliveries
             WHERE (status = 'pending' AND not_before <= :now) OR (status = 'sending' AND lease_until <= :now)
             ORDER BY not_before LIMIT :limit`,
          )
          .all({ now, limit }) as { body: string }[];
        const claim = db.prepare(
          `UPDATE deliveries SET status = 'sending', claimed_by = ?, lease_until = ?, body = ?
           WHERE id = ? AND ((status = 'pending' AND not_before <= ?) OR (status = 'sending' AND lease_until <= ?))`,
        );
        // One transaction (one fsync) for the round's claims, not one each.
        return transaction(db, () => {
          const claimed: Delivery[] = [];
          for (const row of rows) {
            const d = readDelivery(row);
            const mine: Delivery = { ...d, status: 'sending', claimedBy: owner, leaseUntil };
            if (Number(claim.run(owner, leaseUntil, JSON.stringify(mine), d.id, now, now).changes) === 1) claimed.push(mine);
          }
          return claimed;
        });
      }),
    // Outcomes come 50 a second in a launch: each in the writer thread's next group commit
    // (writer-thread.ts), so that no send waits for an fsync on the event loop.
    settle: async (delivery, owner) => {
      const result = await writer.write({ kind: 'settleDelivery', params: write(delivery), owner });
      return 'settled' in result && result.settled;
    },
    get: async (id) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM deliveries WHERE id = ?').get(id) as { body: string } | undefined;
        return row ? readDelivery(row) : undefined;
      }),
    listForPoll: async (pollId) =>
      guard(() => (db.prepare('SELECT body FROM deliveries WHERE subject = ? ORDER BY id').all(pollId) as { body: string }[]).map(readDelivery)),
    cancelPending: async (pollId, now) =>
      guard(() => {
        const rows = db.prepare("SELECT body FROM deliveries WHERE subject = ? AND status = 'pending'").all(pollId) as { body: string }[];
        const cancel = db.prepare("UPDATE deliveries SET status = 'cancelled', body = ? WHERE id = ? AND status = 'pending'");
        let cancelled = 0;
        for (const row of rows) {
          const d = readDelivery(row);
          cancelled += Number(cancel.run(JSON.stringify({ ...d, status: 'cancelled', updatedAt: now }), d.id).changes);
        }
        return cancelled;
      }),
    purgeSettledBefore: async (cutoff) =>
      guard(() =>
        Number(
          db.prepare("DELETE FROM deliveries WHERE status IN ('sent', 'failed', 'cancelled') AND json_extract(body, '$.updatedAt') < ?").run(cutoff).changes,
        ),
      ),
  };
}
