import assert from 'node:assert/strict';
import type { RunningApp } from '../../src/app/start-app';
import { VERBS } from '../../src/cards/verbs';
import { newDelivery } from '../../src/domain/delivery';
import { CosmosFaultProxy } from '../support/cosmos-fault-proxy';
import { type CosmosTarget, cosmosEnv, openTestCosmosStore, startCosmosTarget, uniqueDatabase } from '../support/cosmos-server';
import { FakeConnector } from '../support/fake-connector';
import { AHP_COMMUNITY, cardActionInvoke, channelMention, LEAD, TENANT_ID } from '../support/teams-activities';
import { postActivity, startTestApp, tempDir } from '../support/test-app';

describe('Cosmos DB throttling and outages (end to end, real SDK)', function () {
  this.timeout(60_000);
  let target: CosmosTarget;
  let proxy: CosmosFaultProxy;
  let connector: FakeConnector;
  let data: ReturnType<typeof tempDir>;
  let app: RunningApp;
  let pollId: string;
  let thread: Record<string, unknown>;

  beforeEach(async function () {
    target = await startCosmosTarget();
    if (process.env.COSMOS_TEST_ENDPOINT) {
      console.log('      skipped: fault injection needs the local server, not COSMOS_TEST_ENDPOINT');
      this.skip();
    }
    proxy = await new CosmosFaultProxy(target.endpoint).start();
    connector = await new FakeConnector().start();
    data = tempDir();
    app = await startTestApp(data.dir, { ...cosmosEnv(target), COSMOS_ENDPOINT: proxy.endpoint, LEAD_IDS: LEAD.aadObjectId, MIN_RESPONDENTS: '3' });
    await postActivity(app.server.url, channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority'));
    pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(connector.activities.at(-1)!.activity.text))![1]!;
    const poll = (await app.store.polls.get(pollId))!;
    thread = { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: poll.postings[0]!.conversationId };
  });
  afterEach(async () => {
    proxy.mode = { kind: 'none' };
    await app?.stop();
    await connector?.stop();
    await proxy?.stop();
    await target?.stop();
    data?.remove();
  });

  const answer = async (n: number) => {
    const person = { userId: `29:1f${n}`, aadObjectId: `00000000-0000-4000-8000-0000000f000${n}`, name: `F ${n}` };
    const invoke = cardActionInvoke(
      connector.url,
      thread,
      person,
      VERBS.answerPoll,
      { pollId, choice: 'access' },
      {
        tenant: { id: TENANT_ID },
        team: { id: AHP_COMMUNITY.teamId },
        channel: { id: AHP_COMMUNITY.teamId },
      },
    );
    const result = await postActivity(app.server.url, invoke);
    assert.equal(result.status, 200);
    return JSON.stringify((result.body as { value: unknown }).value);
  };

  it('saves an answer through a few 429s: the SDK waits as Cosmos DB says, and the person never notices', async () => {
    proxy.mode = { kind: 'throttle', remaining: 3 };
    assert.match(await answer(1), /Saved\. You can change your answer/);
    assert.equal(proxy.throttled, 3);
    assert.equal(await app.store.responses.count(pollId), 1);
  });

  it('asks the person to try again when 429s outlast the retries, and does not claim the answer was saved', async () => {
    proxy.mode = { kind: 'throttle', remaining: 1_000 };
    const card = await answer(2);
    assert.match(card, /We could not save your answer/);
    assert.match(card, /try again in a moment/);
    assert.doesNotMatch(card, /Saved/);
    proxy.mode = { kind: 'none' };
    assert.equal(await app.store.responses.count(pollId), 0);
    assert.match(await answer(2), /Saved/);
  });

  it('saves answers arriving together when their shared bulk request comes back throttled: each is done again alone, once', async () => {
    proxy.mode = { kind: 'throttle-in-bulk', remaining: 1_000 };
    const cards = await Promise.all([4, 5, 6, 7, 8, 9].map((n) => answer(n)));
    for (const card of cards) assert.match(card, /Saved\. You can change your answer/);
    assert.ok(proxy.throttledInBulk >= 6, `operations throttled inside bulk requests: ${proxy.throttledInBulk}`);
    proxy.mode = { kind: 'none' };
    assert.equal(await app.store.responses.count(pollId), 6);
    assert.equal((await app.store.responses.list(pollId)).length, 6);
  });

  it("saves an answer whose shared bulk request failed outright after the SDK's retries: its operations are done alone", async () => {
    // The first request (the person's profile, in a bulk request) is refused ten times: the
    // first try and the SDK's nine retries. Done alone, it goes through.
    proxy.mode = { kind: 'throttle', remaining: 10 };
    assert.match(await answer(1), /Saved\. You can change your answer/);
    assert.equal(proxy.throttled, 10);
    assert.equal(await app.store.responses.count(pollId), 1);
  });

  it('fails /readyz while Cosmos DB is down, says the answer was not saved, and recovers when it is back', async () => {
    assert.equal((await fetch(`${app.server.url}/readyz`)).status, 200);
    proxy.mode = { kind: 'down' };
    assert.equal((await fetch(`${app.server.url}/readyz`)).status, 503);
    assert.match(await answer(3), /We could not save your answer/);
    proxy.mode = { kind: 'none' };
    assert.equal((await fetch(`${app.server.url}/readyz`)).status, 200);
    assert.equal(await app.store.responses.count(pollId), 0);
    assert.match(await answer(3), /Saved/);
  });
});

describe('Cosmos DB outbox claims when a connection drops (real SDK)', function () {
  this.timeout(60_000);
  const T0 = '2026-11-24T09:00:00.000Z';
  const LEASE = '2026-11-24T09:01:00.000Z';
  const to = (channelId: string) => ({ teamId: 'team', channelId, tenantId: 'tenant', serviceUrl: 'https://smba/', address: {} });

  it('claims through a dropped bulk request, and returns what it claimed before a claim failed, to be sent now rather than after their lease', async function () {
    const target = await startCosmosTarget();
    if (process.env.COSMOS_TEST_ENDPOINT) {
      console.log('      skipped: fault injection needs the local server, not COSMOS_TEST_ENDPOINT');
      this.skip();
    }
    const proxy = await new CosmosFaultProxy(target.endpoint).start();
    const store = await openTestCosmosStore({ ...target, endpoint: proxy.endpoint }, uniqueDatabase(), true);
    try {
      await store.deliveries.enqueue(Array.from({ length: 12 }, (_, i) => newDelivery({ pollId: 'p1' }, 'post', to(`19:${i}`), T0)));
      // A round's claims (conditional replaces) share bulk requests: the first goes alone, the
      // rest together, and that request loses its connection. Each is then done alone.
      proxy.mode = { kind: 'hang-up', method: 'POST', bulk: true, skip: 1, remaining: 1 };
      const first = await store.deliveries.claimDue(T0, 'w1', LEASE, 6);
      assert.equal(proxy.mode.remaining, 0, 'a bulk request was dropped');
      assert.equal(first.length, 6, 'every claim made, through the dropped request');
      // Operations go alone for a while after that; the third claim's own request (PUT) drops.
      proxy.mode = { kind: 'hang-up', method: 'PUT', skip: 2, remaining: 1 };
      const second = await store.deliveries.claimDue(T0, 'w1', LEASE, 6);
      assert.equal(proxy.mode.remaining, 0, 'a claim was dropped');
      assert.ok(second.length >= 2 && second.length < 6, `claimed before the failure: ${second.length}`);
      for (const d of [...first, ...second]) assert.equal((await store.deliveries.get(d.id))?.claimedBy, 'w1');
      // The one whose claim failed was never claimed: the next round takes it and the rest.
      const third = await store.deliveries.claimDue(T0, 'w2', LEASE, 6);
      const ids = [...first, ...second, ...third].map((d) => d.id);
      assert.equal(new Set(ids).size, 12, 'every delivery claimed once, none left waiting out a lease');
      assert.equal(ids.length, 12);
    } finally {
      await store.close();
      await proxy.stop();
      await target.stop();
    }
  });
});
