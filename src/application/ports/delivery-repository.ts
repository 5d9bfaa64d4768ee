import type { Delivery } from '../../domain/delivery';

/** The durable outbox. Every method is safe to call from several instances at once. */
export interface DeliveryRepository {
  /** Adds the deliveries whose ids are new; one already there is left as it is. Returns how many were added. */
  enqueue(deliveries: readonly Delivery[]): Promise<number>;
  /**
   * Claims up to `limit` deliveries that are pending and due, or whose claim has lapsed (a
   * worker died mid-send): each is marked sending, owned by `owner` until `leaseUntil`, by a
   * conditional write, so no two workers get the same delivery.
   */
  claimDue(now: string, owner: string, leaseUntil: string, limit: number): Promise<Delivery[]>;
  /**
   * Adds each delivery, or puts an existing one that has finished (sent, failed, cancelled)
   * back to pending: for card updates, which may go out many times. One pending or in flight
   * is left as it is, so repeated requests coalesce.
   */
  requeue(deliveries: readonly Delivery[]): Promise<number>;
  /** Saves a claimed delivery's outcome, only while `owner` still holds the claim. */
  settle(delivery: Delivery, owner: string): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  listForPoll(pollId: string): Promise<Delivery[]>;
  /** Cancels every pending delivery of a poll (a scheduled launch called off). Returns how many. */
  cancelPending(pollId: string, now: string): Promise<number>;
  /** Retention: deletes deliveries that finished (sent, failed, cancelled) before `cutoff`, and the conversation references they hold. */
  purgeSettledBefore(cutoff: string): Promise<number>;
}
