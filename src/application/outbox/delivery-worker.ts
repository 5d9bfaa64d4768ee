import { afterFailure, afterSuccess, type Delivery, type Posting, type SendFailure } from '../../domain/delivery';
import { PulseError } from '../../domain/errors';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Messenger } from '../ports/messenger';
import type { Metrics } from '../ports/metrics';
import type { Store } from '../ports/store';
import { SendError } from './send-error';
import { SharedLimiter } from './shared-limiter';

/** What a delivery sends, decided when it is sent (so a card shows the latest state). */
export type DeliveryContent = { readonly card: object } | { readonly text: string } | { readonly delete: true };

export interface WorkerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly messenger: Messenger;
  readonly render: (delivery: Delivery) => Promise<DeliveryContent>;
  /** Told when Teams says the bot can no longer post in a channel (403). */
  readonly onBlocked: (delivery: Delivery) => Promise<void>;
  /** Told after each round of the polls whose posts were settled in it (sent or given up). */
  readonly onPostsSettled?: (pollIds: readonly string[]) => Promise<void>;
  readonly metrics?: Metrics;
  /** Runs one send in its own context (a correlation id for its log lines). */
  readonly correlate?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Posts, digests and launch reports start a thread in a channel; the rest act on a post already made. */
const startsThread = (delivery: Delivery): boolean => delivery.kind === 'post' || delivery.kind === 'digest' || delivery.kind === 'report';

/** A send is made only while its claim has at least this long to run: a request takes far less. */
const CLAIM_MARGIN_MS = 500;

export interface WorkerOptions {
  /** This instance's name in claims. */
  readonly owner: string;
  readonly intervalMs: number;
  readonly perTenantPerSecond: number;
  readonly leaseMs: number;
  readonly batch: number;
}

/**
 * Sends what the outbox holds. Each round it claims due deliveries (a conditional write, so
 * several instances never take the same one), gives each a slot under Teams' limits (per
 * tenant and per conversation, leased through the store so that every instance keeps the same
 * budget: shared-limiter.ts), sends it at its slot, and records the outcome while it still
 * holds the claim. The next round claims once fewer than half a round of sends wait for their
 * slots, so the grid has no gaps between rounds. A worker that dies mid-round leaves claims
 * that lapse after `leaseMs` and are taken again; a delivery recorded as sent is never sent again.
 */
export class DeliveryWorker {
  private readonly limiter: SharedLimiter;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<number> = Promise.resolve(0);
  /** Sends under way from earlier rounds, with their follow-up. */
  private readonly sending = new Set<Promise<void>>();
  /** Sends that have a slot and have not finished. */
  private waiting = 0;
  private stopped = false;
  private killed = false;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly options: WorkerOptions,
  ) {
    this.limiter = new SharedLimiter(deps.store.slotLeases, options.perTenantPerSecond);
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.round = this.round
        .then(() => this.runRound())
        .catch((error: unknown) => {
          this.deps.logger.error('An outbox round failed; the next one will retry', { error });
          return 0;
        });
      void this.round.then(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    tick();
  }

  /**
   * Runs rounds until one claims nothing and `done` (if given) says so: every delivery that is
   * due now has been sent or given up (tests, benchmarks, operations).
   */
  async drain(done: () => Promise<boolean> = async () => true, maxMs = 120_000): Promise<void> {
    const until = Date.now() + maxMs;
    while (Date.now() < until) {
      this.round = this.round.then(() => this.runRound());
      const claimed = await this.round;
      if (claimed === 0) {
        await Promise.all([...this.sending]); // the sends of earlier rounds, recorded
        if (await done()) return;
        await new Promise((resolve) => setTimeout(resolve, this.options.intervalMs));
      }
    }
    throw new PulseError(
      'ahp_pulse_timeout',
      `The outbox did not drain within ${maxMs} ms: look for deliveries still pending (status <poll id>) or a Bot Connector that does not answer.`,
    );
  }

  /** Stops after the round in progress, which finishes and records its sends. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    await Promise.all([...this.sending]);
  }

  /** As if the process died: in-flight sends are not recorded (tests of restart). */
  kill(): void {
    this.killed = true;
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async runRound(): Promise<number> {
    if (this.killed) return 0;
    const now = this.deps.clock.now();
    // The claim covers its sends' wait too: a round's slots run up to about a round of the
    // tenant's rate ahead (more when instances share it), and a send whose claim is about to
    // lapse is not made at all (send), so no claim lapses under a send and is taken again.
    const horizonMs = Math.ceil(this.options.batch * this.limiter.tenantSpacingMs * 1.5);
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs + horizonMs).toISOString();
    const claimed = await this.deps.store.deliveries.claimDue(now.toISOString(), this.options.owner, leaseUntil, this.options.batch);
    if (claimed.length === 0) return 0;
    const correlate = this.deps.correlate ?? (<T>(work: () => Promise<T>) => work());
    // Each send's slot, one after another (so the limiter leases blocks in order), and each send
    // waits for its slot as soon as it has it.
    const sends: Promise<Delivery | undefined>[] = [];
    for (const delivery of claimed) {
      const slot = await this.slotFor(delivery, Date.now());
      this.waiting++;
      sends.push(correlate(() => this.send(delivery, slot)).finally(() => this.waiting--));
    }
    const followUp = Promise.all(sends).then((settled) => this.followUp(settled));
    this.sending.add(followUp);
    void followUp.finally(() => this.sending.delete(followUp));
    // The next round claims once fewer than half a round of sends are waiting for their slots:
    // about a second of the tenant's rate in hand, so the grid has no gap between rounds. (Not
    // "a second before this round's last slot": a channel that is busy can put one send far
    // ahead, and the rest of the grid would wait for it.)
    while (this.waiting > this.options.batch / 2 && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 20));
    return claimed.length;
  }

  private async followUp(settled: (Delivery | undefined)[]): Promise<void> {
    const finishedPosts = new Set(
      settled.filter((d): d is Delivery => d?.kind === 'post' && (d.status === 'sent' || d.status === 'failed')).flatMap((d) => (d.pollId ? [d.pollId] : [])),
    );
    if (finishedPosts.size > 0 && this.deps.onPostsSettled && !this.killed) {
      await this.deps.onPostsSettled([...finishedPosts]).catch((error: unknown) => this.deps.logger.warn('Could not follow up settled posts', { error }));
    }
  }

  private slotFor(delivery: Delivery, now: number): Promise<number> {
    const conversation = startsThread(delivery) ? delivery.target.channelId : (delivery.posting?.conversationId ?? delivery.target.channelId);
    return this.limiter.reserve(now, delivery.target.tenantId, conversation);
  }

  /** Sends one delivery at its slot and records the outcome; returns it, or undefined when it was not recorded. */
  private async send(delivery: Delivery, slot: number): Promise<Delivery | undefined> {
    // A new thread is drawn before its wait, so that only the request is left for its slot;
    // anything that changes a card already posted is drawn after it, so that an update that
    // waited shows the poll as it is now. (A failed early draw is drawn again, and fails, below.)
    const early = startsThread(delivery) ? await this.deps.render(delivery).catch(() => undefined) : undefined;
    // A slot is a moment, not a ticket: a send that wakes late (a busy event loop fires many
    // timers at once) comes nearer the sends 50 slots on, and a one-second window could then
    // hold 51. The grid's 3% leaves 30 ms a window: half a spacing (10 ms) for a late wake,
    // the rest for the network. (A quarter, as before, had 10 to 30 sends in 1,000 take another
    // slot with three instances on two cores, each leaving its own slot unused.) A send later
    // than that takes another slot: one inside its conversation's block if there is one
    // (SharedLimiter.retake), so that it stays ahead of that conversation's next request; or
    // else a new one (and then, rarely, a card's update may follow its delete, and fail
    // harmlessly).
    let at = slot;
    for (let tries = 0; ; tries++) {
      if (at > Date.now()) await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
      if (Date.now() - at <= this.limiter.tenantSpacingMs / 2 || tries >= 5) break;
      at = (await this.limiter.retake(Date.now(), delivery.target.tenantId, slot)) ?? (await this.slotFor(delivery, Date.now()));
    }
    if (this.killed) return undefined;
    // Too near the end of its claim (instances sharing the rate put slots far ahead): not sent
    // now; the claim lapses and the delivery is claimed and sent again, by whoever is free.
    if (this.deps.clock.now().getTime() > Date.parse(delivery.leaseUntil ?? '') - CLAIM_MARGIN_MS) {
      this.deps.logger.warn('A delivery was not sent: its claim would have lapsed first', { deliveryId: delivery.id });
      return undefined;
    }
    let outcome: Delivery;
    let failureKind: SendFailure['kind'] | undefined;
    try {
      const sent = await this.deliver(delivery, early ?? (await this.deps.render(delivery)));
      outcome = afterSuccess(delivery, this.deps.clock.now(), sent);
    } catch (error) {
      const failure = error instanceof SendError ? error.failure : { kind: 'transient' as const, reason: (error as Error)?.message ?? String(error) };
      failureKind = failure.kind;
      outcome = afterFailure(delivery, failure, this.deps.clock.now());
      if (failure.kind === 'blocked') await this.deps.onBlocked(delivery).catch(() => undefined);
      this.deps.logger.warn('A delivery failed', { deliveryId: delivery.id, failure, status: outcome.status });
    }
    if (this.killed) return undefined; // the process is gone: nothing records this send
    if (!(await this.deps.store.deliveries.settle(outcome, this.options.owner))) {
      this.deps.logger.warn('A delivery outcome was not recorded: its claim had lapsed', { deliveryId: delivery.id });
      return undefined;
    }
    this.deps.metrics?.delivery(
      delivery.kind,
      outcome.status === 'sent' ? 'sent' : outcome.status === 'failed' ? 'failed' : failureKind === 'throttled' ? 'throttled' : 'retrying',
    );
    return outcome;
  }

  private async deliver(delivery: Delivery, content: DeliveryContent): Promise<Posting | undefined> {
    const { messenger } = this.deps;
    if (startsThread(delivery) && 'card' in content) {
      return messenger.postCard(delivery.target, content.card);
    }
    if (!delivery.posting) throw new SendError({ kind: 'permanent', reason: `a ${delivery.kind} delivery has no post to act on` });
    if ('card' in content) await messenger.updateCard(delivery.posting, content.card);
    else if ('text' in content) await messenger.replyInThread(delivery.posting, content.text);
    else await messenger.deleteCard(delivery.posting);
    return undefined;
  }
}
