import type { ErrorResponse } from '@azure/cosmos';
import type { DeliveryRepository } from '../../../application/ports/delivery-repository';
import { type Delivery, deliveryFromStored } from '../../../domain/delivery';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

/**
 * The outbox in Cosmos DB, partitioned by subject (a poll, or a week's digest). The partition
 * key's field is still called pollId (infra/cosmos-containers.json): renaming a partition key
 * means a new container, and the value is the subject for every delivery, old or new. A claim replaces the document If-Match the
 * etag read, only while it is still pending and due or its lease has lapsed; an outcome is
 * recorded only while the same worker still holds the claim.
 */
export function cosmosDeliveries({ guard, read, create, replaceIf: replaceDoc, query, remove }: CosmosContext): DeliveryRepository {
  /** Delivery ids start with their subject (`<subject>:<kind>:<channelId>`), the partition key. */
  const deliveryPartition = (id: string) => id.slice(0, id.indexOf(':'));
  const deliveryDoc = (d: Delivery): Doc<Delivery> => ({
    id: cosmosId(d.id),
    pollId: d.subject,
    status: d.status,
    notBefore: d.notBefore,
    leaseUntil: d.leaseUntil ?? null,
    doc: d,
  });
  const claimable = (d: Delivery, now: string) => (d.status === 'pending' && d.notBefore <= now) || (d.status === 'sending' && (d.leaseUntil ?? '') <= now);
  /** A replace If-Match the ETag read; replaces made together (a round's claims, its sends' outcomes) share bulk requests. */
  const replaceIf = (d: Delivery, etag: string): Promise<boolean> => replaceDoc('deliveries', deliveryDoc(d), d.subject, etag);
  /** Queues a delivery: true when created, false when one with its id is there already (409). Creates made together share bulk requests. */
  const queue = (d: Delivery): Promise<boolean> =>
    create('deliveries', deliveryDoc(d), d.subject).then(
      () => true,
      (error: unknown) => {
        if ((error as ErrorResponse).code !== 409) throw error;
        return false;
      },
    );
  return {
    enqueue: (list) =>
      guard(async () => {
        // A launch queues a delivery per channel, all at once: they share bulk requests of up
        // to 100 (one request each took the CPU from the sends under way). A 409 means already
        // queued (a launch retried): once is enough. Every create settles before a failure is
        // reported, so a retry finds each either there or not.
        const created = await Promise.allSettled(list.map(queue));
        const failed = created.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
        return created.filter((r) => r.status === 'fulfilled' && r.value).length;
      }),
    requeue: (list) =>
      guard(async () => {
        let queued = 0;
        for (const d of list) {
          if (await queue(d)) {
            queued++;
            continue;
          }
          const current = await read<Delivery>('deliveries', cosmosId(d.id), d.subject);
          const finished = current && ['sent', 'failed', 'cancelled'].includes(current.doc.doc.status);
          if (finished && (await replaceIf(d, current.etag))) queued++;
        }
        return queued;
      }),
    claimDue: (now, owner, leaseUntil, limit) =>
      guard(async () => {
        // The candidates whole, with their ETags: a claim is then one conditional replace.
        const due = await query<{ doc: Delivery; _etag: string }>(
          'deliveries',
          `SELECT TOP @limit c.doc, c._etag FROM c
         WHERE (c.status = 'pending' AND c.notBefore <= @now) OR (c.status = 'sending' AND c.leaseUntil <= @now)
         ORDER BY c.notBefore`,
          // More candidates than wanted: other workers are claiming from the same list at once.
          { '@now': now, '@limit': limit * 4 },
        );
        const claimed: Delivery[] = [];
        // As many at once as are still wanted (they share bulk requests); then, for those lost
        // to other workers, the next candidates.
        for (let i = 0; i < due.length && claimed.length < limit; ) {
          const chunk = due.slice(i, i + limit - claimed.length);
          i += chunk.length;
          const won = await Promise.allSettled(
            chunk.map(async ({ doc, _etag }) => {
              if (!claimable(doc, now)) return undefined;
              const mine: Delivery = { ...deliveryFromStored(doc), status: 'sending', claimedBy: owner, leaseUntil };
              return (await replaceIf(mine, _etag)) ? mine : undefined;
            }),
          );
          for (const result of won) if (result.status === 'fulfilled' && result.value) claimed.push(result.value);
          // A claim that failed (not lost to another worker: the store failed) ends the round
          // here. What this worker has claimed is still returned, to be sent now: thrown away, it
          // would wait out its lease unsent.
          const failed = won.find((result) => result.status === 'rejected');
          if (failed) {
            if (claimed.length === 0) throw failed.reason;
            break;
          }
        }
        return claimed;
      }),
    settle: (delivery, owner) =>
      guard(async () => {
        const current = await read<Delivery>('deliveries', cosmosId(delivery.id), delivery.subject);
        if (current?.doc.doc.status !== 'sending' || current.doc.doc.claimedBy !== owner) return false;
        return replaceIf(delivery, current.etag);
      }),
    get: (id) =>
      guard(async () => {
        const found = await read<Delivery>('deliveries', cosmosId(id), deliveryPartition(id));
        return found ? deliveryFromStored(found.doc.doc) : undefined;
      }),
    listForPoll: (pollId) =>
      guard(async () => {
        const docs = await query<Delivery>('deliveries', 'SELECT VALUE c.doc FROM c WHERE c.pollId = @poll', { '@poll': pollId }, pollId);
        return docs.map(deliveryFromStored).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),
    cancelPending: (pollId, now) =>
      guard(async () => {
        const pending = await query<{ id: string }>(
          'deliveries',
          "SELECT c.id FROM c WHERE c.pollId = @poll AND c.status = 'pending'",
          { '@poll': pollId },
          pollId,
        );
        let cancelled = 0;
        for (const { id } of pending) {
          const current = await read<Delivery>('deliveries', id, pollId);
          if (
            current?.doc.doc.status === 'pending' &&
            (await replaceIf({ ...deliveryFromStored(current.doc.doc), status: 'cancelled', updatedAt: now }, current.etag))
          )
            cancelled++;
        }
        return cancelled;
      }),
    purgeSettledBefore: (cutoff) =>
      guard(async () => {
        const old = await query<{ id: string; pollId: string }>(
          'deliveries',
          "SELECT c.id, c.pollId FROM c WHERE c.status IN ('sent', 'failed', 'cancelled') AND c.doc.updatedAt < @cutoff",
          { '@cutoff': cutoff },
        );
        let deleted = 0;
        for (const doc of old) if (await remove('deliveries', doc.id, doc.pollId)) deleted++;
        return deleted;
      }),
  };
}
