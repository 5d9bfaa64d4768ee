import assert from 'node:assert/strict';
import { memorySlotLeases } from '../../src/adapters/store/embedded/slot-leases';
import { SharedLimiter } from '../../src/application/outbox/shared-limiter';
import { afterFailure, afterSuccess, deliveryFromStored, MAX_ATTEMPTS, newDelivery } from '../../src/domain/delivery';
import { busiest } from '../support/request-windows';

const TEAMS_CONVERSATION_LIMITS = [
  { count: 7, ms: 1_000 },
  { count: 8, ms: 2_000 },
  { count: 60, ms: 30_000 },
  { count: 1_800, ms: 3_600_000 },
];

const target = { teamId: 't', channelId: '19:c', tenantId: 'tenant', serviceUrl: 'https://smba/', address: {} };

describe('The outbox (domain) and the shared rate limiter', () => {
  it('never lets more requests into any window of one conversation than Teams allows', async () => {
    const limiter = new SharedLimiter(memorySlotLeases(), 50);
    const slots: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) slots.push(await limiter.reserve(t0 + i * 7, 'tenant', 'conversation'));
    for (const { count, ms } of TEAMS_CONVERSATION_LIMITS) assert.ok(busiest(slots, ms) <= count, `${count} per ${ms} ms`);
  });

  it('never lets more than 50 requests a second reach one tenant, across conversations, however the second falls', async () => {
    const limiter = new SharedLimiter(memorySlotLeases(), 50);
    const slots: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 500; i++) slots.push(await limiter.reserve(t0 + (i % 3), 'tenant', `c${i % 40}`));
    assert.ok(busiest(slots, 1_000) <= 50, String(busiest(slots, 1_000)));
  });

  it('gives a send reserved now a slot at least one spacing ahead, so leasing it does not make it late', async () => {
    const slow = memorySlotLeases();
    // Each lease takes a round trip, as it does to Cosmos DB.
    const leases = {
      claim: async (key: string, block: number, until: string) => {
        await new Promise((r) => setTimeout(r, 5));
        return slow.claim(key, block, until);
      },
    };
    const limiter = new SharedLimiter(leases, 50);
    for (let i = 0; i < 3; i++) {
      const asked = Date.now();
      const at = await limiter.reserve(asked, 'tenant', `quiet${i}`);
      assert.ok(at >= asked + limiter.tenantSpacingMs, `${at - asked} ms ahead`);
      assert.ok(at > Date.now(), 'still ahead once leased');
      await new Promise((r) => setTimeout(r, 300)); // the grid is idle again
    }
  });

  it('spreads many conversations at the tenant rate: 1,000 channels take 20.6 s at 50 a second less the 3% spare', async () => {
    const limiter = new SharedLimiter(memorySlotLeases(), 50);
    const t0 = Date.now();
    let last = 0;
    for (let i = 0; i < 1_000; i++) last = await limiter.reserve(t0, 'tenant', `conversation:${i}`);
    assert.ok(last - t0 >= 20_000 && last - t0 <= 20_700, String(last - t0));
  });

  it('shares one budget between instances: three draining one outbox keep 50 a second and each conversation its limits, with no slot twice', async () => {
    const leases = memorySlotLeases();
    const instances = [0, 1, 2].map(() => new SharedLimiter(leases, 50));
    // Three launches to the same 334 channels, in one outbox; each instance claims rounds of 100.
    const outbox = [1, 2, 3].flatMap(() => Array.from({ length: 334 }, (_, i) => `channel${i}`));
    const total = outbox.length;
    const byConversation = new Map<string, number[]>();
    const all: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      instances.map(async (limiter) => {
        while (outbox.length > 0) {
          for (const channel of outbox.splice(0, 100)) {
            const at = await limiter.reserve(t0, 'tenant', channel);
            all.push(at);
            byConversation.set(channel, [...(byConversation.get(channel) ?? []), at]);
          }
        }
      }),
    );
    assert.equal(new Set(all).size, total, 'no slot is given twice');
    assert.ok(busiest(all, 1_000) <= 50, String(busiest(all, 1_000)));
    for (const times of byConversation.values()) {
      for (const { count, ms } of TEAMS_CONVERSATION_LIMITS) assert.ok(busiest(times, ms) <= count, `${count} per ${ms} ms`);
    }
    // Together as fast as one: 1,002 requests at 50 a second (and the 3%), within 5%.
    assert.ok(Math.max(...all) - t0 <= 1.05 * total * 20.6, String(Math.max(...all) - t0));
  });

  it('waits as Teams says after a 429, backs off with jitter after a fault, and gives up after the last attempt', () => {
    const now = new Date('2026-11-24T09:00:00.000Z');
    const d = newDelivery({ pollId: 'p1' }, 'post', target, now.toISOString());
    const throttled = afterFailure(d, { kind: 'throttled', retryAfterMs: 3_000 }, now);
    assert.equal(throttled.status, 'pending');
    assert.equal(throttled.notBefore, '2026-11-24T09:00:03.000Z');
    const faulted = afterFailure(d, { kind: 'transient', reason: 'Teams answered 503' }, now, () => 0.5);
    assert.equal(faulted.notBefore, '2026-11-24T09:00:00.750Z');
    let last = d;
    for (let i = 0; i < MAX_ATTEMPTS; i++) last = afterFailure(last, { kind: 'transient', reason: 'Teams answered 503' }, now);
    assert.equal(last.status, 'failed');
    assert.match(last.lastError!, /gave up after 6 attempts: Teams answered 503/);
  });

  it('gives up at once when the bot was removed (403), and records where a post landed', () => {
    const now = new Date('2026-11-24T09:00:00.000Z');
    const d = newDelivery({ pollId: 'p1' }, 'post', target, now.toISOString());
    assert.equal(afterFailure(d, { kind: 'blocked', reason: 'the bot can no longer post here' }, now).status, 'failed');
    const posting = { teamId: 't', channelId: '19:c', conversationId: '19:c;messageid=1', activityId: '1', serviceUrl: 's', address: {}, postedAt: 'x' };
    const sent = afterSuccess({ ...d, status: 'sending', claimedBy: 'me' }, now, posting);
    assert.deepEqual([sent.status, sent.sent, sent.claimedBy], ['sent', posting, undefined]);
  });

  it("reads a delivery stored by an earlier release, whose subject was in pollId, as today's", () => {
    const now = '2026-11-24T09:00:00.000Z';
    const today = newDelivery({ pollId: 'p1' }, 'post', target, now);
    const { subject: _s, ...legacyPoll } = today;
    assert.deepEqual(deliveryFromStored(legacyPoll as never), today);
    const digest = newDelivery({ weekId: '2026-11-16' }, 'digest', target, now);
    assert.equal(digest.subject, 'digest-2026-11-16');
    const { subject: _d, weekId: _w, ...legacyDigest } = digest;
    assert.deepEqual(deliveryFromStored({ ...legacyDigest, pollId: 'digest-2026-11-16' } as never), digest);
    assert.equal(deliveryFromStored(today), today, "today's deliveries pass as they are");
  });
});
