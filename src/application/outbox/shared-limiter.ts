import { PulseError } from '../../domain/errors';
import type { SlotLeaseRepository } from '../ports/slot-lease-repository';

/**
 * Teams' limits (msteams-docs, bots/how-to/rate-limit), kept by every instance together.
 *
 * Per app per tenant: 50 requests a second. The tenant's time is an even grid of slots
 * 1000/50 ms apart (3% wider, for timers and the network): no one-second window, however it
 * falls, holds more than 50 of them. An instance leases the slots it needs a block at a time
 * (SLOTS_PER_BLOCK, a tenth of a second) through the store, so two instances never hold the
 * same slot, and however many instances send, the tenant sees one grid. (An instance that runs
 * out of work leaves the rest of its block unused: with blocks of 10, three launches ending
 * at about the same time left gaps of up to 190 ms.)
 *
 * Per bot per conversation: 7 a second, 8 per 2 s, 60 per 30 s, 1800 an hour. 1800 an hour is
 * the binding long-run rate, so each conversation's time is cut into 2-second blocks and a
 * request takes one whole block, leased the same way: that meets all four, across instances.
 *
 * The 3% is all that is held back: the outbox itself retries what Teams throttles or fails
 * (botbuilder's own retries are off for it, so no request goes outside these slots).
 */
const TENANT_MARGIN = 0.03;
const SLOTS_PER_BLOCK = 5;
const CONVERSATION_BLOCK_MS = 2_000;
/** A lease outlives its slot by this much, so a slow clock elsewhere still sees it. */
const LEASE_AFTER_MS = 60_000;
/** However many blocks others hold ahead, one reservation looks no further than this. */
const MAX_PROBES = 20_000;

export class SharedLimiter {
  /** Per tenant: slot times this instance holds and has not used, ascending. */
  private readonly held = new Map<string, number[]>();
  /**
   * Per lease key: a run of blocks known to be taken (leased by this instance or found leased),
   * so that a reservation starting inside it probes from its end; and when its last block ends.
   */
  private readonly taken = new Map<string, { from: number; to: number; until: number }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly leases: SlotLeaseRepository,
    private readonly perTenantPerSecond: number,
  ) {}

  /** Time between two of a tenant's slots, in ms. */
  get tenantSpacingMs(): number {
    return (1_000 / this.perTenantPerSecond) * (1 + TENANT_MARGIN);
  }

  /**
   * The earliest moment from `now` (epoch ms) at which this instance may send one request to
   * `conversation` in `tenant`. Reservations are made one at a time, so a burst of them leases
   * blocks one after another instead of all at once.
   */
  reserve(now: number, tenant: string, conversation: string): Promise<number> {
    // From when its turn comes: a reservation that waited behind others never gets a past slot.
    // And a slot ahead of that: leasing takes a round trip or two to the store, and a slot that
    // has passed by the time it is leased is missed (the send takes another, and the first is
    // wasted: at the start of three launches at once, a dozen of them).
    const next = this.queue.then(() => this.reserveNow(Math.max(now, Date.now() + this.tenantSpacingMs), tenant, conversation));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * For a request that woke too late for its slot: another of the tenant's slots from `now`,
   * but only one inside the same 2-second block of its conversation (already leased), so that
   * it never overtakes the conversation's next request (a card's update, then its delete).
   * Undefined when there is none (the caller then reserves anew).
   */
  retake(now: number, tenant: string, slot: number): Promise<number | undefined> {
    const next = this.queue.then(async () => {
      const current = Math.max(now, Date.now());
      const end = (Math.floor(slot / CONVERSATION_BLOCK_MS) + 1) * CONVERSATION_BLOCK_MS;
      const at = await this.tenantSlot(tenant, current, current);
      if (at < end) return at;
      this.giveBack(tenant, at);
      return undefined;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reserveNow(now: number, tenant: string, conversation: string): Promise<number> {
    const key = `conversation:${conversation}`;
    const blockOf = (t: number) => Math.floor(t / CONVERSATION_BLOCK_MS);
    const endOf = (b: number) => (b + 1) * CONVERSATION_BLOCK_MS;
    // The conversation first, at about when the tenant's next slot will be: a tenant slot is
    // taken only for a moment the conversation is known to be free, so slots are seldom
    // taken and then left unused (the waste that made three instances slower than one).
    const leased = new Set([await this.lease(key, blockOf(this.peekTenant(tenant, now)), endOf)]);
    let earliest = Math.max(now, Math.min(...leased) * CONVERSATION_BLOCK_MS);
    for (let tries = 0; tries < 100; tries++) {
      const at = await this.tenantSlot(tenant, now, earliest);
      if (leased.has(blockOf(at))) return at;
      const got = await this.lease(key, blockOf(at), endOf);
      leased.add(got);
      if (got === blockOf(at)) return at;
      // The conversation is busy then: keep the tenant slot for another request, and look later.
      this.giveBack(tenant, at);
      earliest = got * CONVERSATION_BLOCK_MS;
    }
    throw new PulseError('ahp_pulse_no_slot', `No sending slot could be found for a conversation in tenant ${tenant}.`);
  }

  /** About when the tenant's next slot from `now` will be, without taking it. */
  private peekTenant(tenant: string, now: number): number {
    const mine = (this.held.get(tenant) ?? []).find((t) => t >= now);
    if (mine !== undefined) return mine;
    const known = this.taken.get(`tenant:${tenant}`);
    const spacing = this.tenantSpacingMs;
    const first = Math.floor(Math.ceil(now / spacing - 1e-9) / SLOTS_PER_BLOCK);
    const block = known && first >= known.from && first <= known.to + 1 ? known.to + 1 : first;
    return Math.max(now, Math.ceil(block * SLOTS_PER_BLOCK * spacing));
  }

  private async tenantSlot(tenant: string, now: number, earliest: number): Promise<number> {
    const spacing = this.tenantSpacingMs;
    for (;;) {
      const mine = (this.held.get(tenant) ?? []).filter((t) => t >= now);
      this.held.set(tenant, mine);
      const i = mine.findIndex((t) => t >= earliest);
      if (i >= 0) return mine.splice(i, 1)[0]!;
      const first = Math.floor(Math.ceil(earliest / spacing - 1e-9) / SLOTS_PER_BLOCK);
      const slotAt = (slot: number) => Math.ceil(slot * spacing);
      const block = await this.lease(`tenant:${tenant}`, first, (b) => slotAt((b + 1) * SLOTS_PER_BLOCK));
      const times = Array.from({ length: SLOTS_PER_BLOCK }, (_, k) => slotAt(block * SLOTS_PER_BLOCK + k)).filter((t) => t >= now);
      this.held.set(
        tenant,
        [...(this.held.get(tenant) ?? []), ...times].sort((a, b) => a - b),
      );
    }
  }

  private giveBack(tenant: string, at: number): void {
    this.held.set(
      tenant,
      [...(this.held.get(tenant) ?? []), at].sort((a, b) => a - b),
    );
  }

  /** Leases the first free block of `key` from `from` on, and returns it. */
  private async lease(key: string, from: number, endOf: (block: number) => number): Promise<number> {
    const known = this.taken.get(key);
    const inRun = known !== undefined && from >= known.from && from <= known.to + 1;
    const start = inRun ? known.to + 1 : from;
    for (let block = start, probes = 0; probes < MAX_PROBES; probes++, block++) {
      const until = endOf(block);
      const won = await this.leases.claim(key, block, new Date(until + LEASE_AFTER_MS).toISOString());
      // Every block from `start` to this one is taken now: it extends the known run, or is a new one.
      this.taken.set(key, { from: inRun ? known.from : start, to: block, until });
      if (won) {
        this.forgetOld(until - LEASE_AFTER_MS);
        return block;
      }
    }
    throw new PulseError('ahp_pulse_no_slot', `No free sending slot for ${key} in ${MAX_PROBES} tries.`);
  }

  /** Keeps the map small: a key whose last known block ended before `before` is forgotten (its leases are past). */
  private forgetOld(before: number): void {
    if (this.taken.size < 10_000) return;
    for (const [key, { until }] of this.taken) if (until < before) this.taken.delete(key);
  }
}
