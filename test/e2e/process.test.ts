import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/adapters/store/embedded/store';
import { type Started, startProcess } from '../support/bot-process';
import { actionOnCard, invokeOf, latestPostedCard } from '../support/card-answers';
import { FakeConnector } from '../support/fake-connector';
import { AHP_COMMUNITY, channelMention, LEAD, personalMessage, teamInstallationUpdate } from '../support/teams-activities';
import { postActivity, tempDir } from '../support/test-app';

describe('The bot as a process', () => {
  let data: ReturnType<typeof tempDir>;
  let connector: FakeConnector | undefined;
  let started: Started | undefined;

  beforeEach(() => {
    data = tempDir();
  });
  afterEach(async () => {
    started?.child.kill('SIGKILL');
    await connector?.stop();
    data.remove();
  });

  it('answers /healthz, logging where it listens, which store it uses and whether authentication is on', async () => {
    started = startProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir });
    const url = await started.url;
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.match(started.output(), /embedded \(SQLite at .*ahp-pulse\.sqlite\)/);
    assert.match(started.output(), /"channelAuthentication":"off/);
  });

  it('stops at start-up on a bad configuration, listing every problem', async () => {
    started = startProcess({ PORT: 'eighty', STORE: 'mongo', DATA_DIR: data.dir });
    const code = await started.exited;
    assert.equal(code, 1);
    assert.match(started.output(), /PORT: "eighty" is not a whole number/);
    assert.match(started.output(), /STORE: "mongo" is not one of embedded/);
  });

  it('refuses to start on App Service with authentication off, and says how to turn it on', async () => {
    started = startProcess({ PORT: '0', DATA_DIR: data.dir, WEBSITE_SITE_NAME: 'ahp-pulse-prod' });
    assert.equal(await started.exited, 1);
    assert.match(started.output(), /MicrosoftAppId: is empty on Azure App Service \(WEBSITE_SITE_NAME is set\)/);
    assert.match(started.output(), /Set MicrosoftAppId .* to turn channel authentication on/);
  });

  it('on SIGTERM finishes the request in flight, then closes the store and exits 0', async () => {
    connector = await new FakeConnector({
      teams: [{ id: AHP_COMMUNITY.teamId, name: AHP_COMMUNITY.name, channels: [{ id: AHP_COMMUNITY.teamId }] }],
      latencyMs: 700,
    }).start();
    started = startProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, SHUTDOWN_GRACE_MS: '10000' });
    const url = await started.url;

    const inFlight = postActivity(url, teamInstallationUpdate(connector.url, AHP_COMMUNITY));
    await new Promise((resolve) => setTimeout(resolve, 300));
    started.child.kill('SIGTERM');

    assert.equal((await inFlight).status, 200);
    assert.equal(await started.exited, 0);
    assert.match(started.output(), /AHP Pulse stopped/);
    assert.equal(connector.cards().length, 1, 'the welcome went out before the process stopped');

    const store = openSqliteStore(data.dir, { observer: true }); // reading beside the running bot
    try {
      assert.equal((await store.installations.get(`team:${AHP_COMMUNITY.teamId}`))?.status, 'active');
    } finally {
      await store.close();
    }
  });

  it('resumes a launch after the process is killed with SIGKILL mid-way: nothing lost, nothing recorded as sent sent again', async function () {
    this.timeout(90_000);
    const teams = Array.from({ length: 10 }, (_, t) => ({
      id: `19:kill${t}@thread.tacv2`,
      name: `Kill team ${t}`,
      channels: [{ id: `19:kill${t}@thread.tacv2` }, ...Array.from({ length: 19 }, (_, c) => ({ id: `19:kill${t}c${c}@thread.tacv2`, name: `C${c}` }))],
    }));
    connector = await new FakeConnector({ teams }).start();
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, LEAD_IDS: LEAD.aadObjectId, OUTBOX_INTERVAL_MS: '100', OUTBOX_LEASE_MS: '1000' };
    started = startProcess({ ...env, INSTANCE_ID: 'first' });
    let url = await started.url;
    for (const team of teams) await postActivity(url, teamInstallationUpdate(connector.url, { teamId: team.id, name: team.name, aadGroupId: 'g' }));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await postActivity(url, personalMessage(connector.url, LEAD, 'launch top-priority to=all'));
    const pollId = /poll (p[0-9a-f]+)/.exec(String(connector.activities.at(-1)!.activity.text))![1]!;

    const store = openSqliteStore(data.dir, { observer: true }); // reading beside the running bot
    try {
      const sentNow = async () => (await store.deliveries.listForPoll(pollId)).filter((d) => d.kind === 'post' && d.status === 'sent');
      const until = Date.now() + 30_000;
      while ((await sentNow()).length < 60 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      started.child.kill('SIGKILL');
      await started.exited;
      const sentBefore = (await sentNow()).map((d) => d.target.channelId);
      const inFlight = (await store.deliveries.listForPoll(pollId)).filter((d) => d.status === 'sending').length;
      assert.ok(sentBefore.length >= 60 && sentBefore.length < 200, `killed mid-way: ${sentBefore.length} sent`);

      started = startProcess({ ...env, INSTANCE_ID: 'second' });
      url = await started.url;
      const done = Date.now() + 40_000;
      while ((await sentNow()).length < 200 && Date.now() < done) await new Promise((resolve) => setTimeout(resolve, 100));

      const perChannel = new Map<string, number>();
      for (const post of connector.activities.filter((a) => a.method === 'create'))
        perChannel.set(post.conversationId, (perChannel.get(post.conversationId) ?? 0) + 1);
      for (const team of teams) for (const channel of team.channels) assert.ok((perChannel.get(channel.id) ?? 0) >= 1, `${channel.id} got its card`);
      for (const id of sentBefore) assert.equal(perChannel.get(id), 1, `${id} was recorded as sent before the kill: not sent again`);
      const duplicates = [...perChannel.values()].reduce((sum, n) => sum + n - 1, 0);
      assert.ok(duplicates <= inFlight, `${duplicates} sent twice; ${inFlight} were in flight at the kill`);
      assert.equal((await sentNow()).length, 200);
    } finally {
      await store.close();
    }
  });

  it('keeps every acknowledged answer when killed with SIGKILL under load (group commit acknowledges only after the commit)', async function () {
    this.timeout(60_000);
    connector = await new FakeConnector({ perConversation: [], perTenantPerSecond: Number.MAX_SAFE_INTEGER }).start();
    started = startProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, LEAD_IDS: LEAD.aadObjectId });
    const url = await started.url;
    // Named, so each stored answer says whose it is.
    await postActivity(url, channelMention(connector.url, AHP_COMMUNITY, LEAD, 'poll top-priority anonymous=no'));
    const pollId = /Poll (p[0-9a-f]+) is posted/.exec(String(connector.activities.at(-1)!.activity.text))![1]!;
    // What a client sends for a tap on the card's first choice: the same for everyone but the person.
    const posted = latestPostedCard(connector, AHP_COMMUNITY.teamId);
    const tap = actionOnCard(connector, posted, { press: 'Easier access to support' });
    const acknowledged: string[] = [];
    let killed = false;
    const answer = async (i: number) => {
      const person = { userId: `29:1kill${i}`, aadObjectId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, name: `K ${i}` };
      try {
        const result = await postActivity(url, invokeOf(connector!, posted, person, tap));
        if (result.status === 200 && /Saved/.test(JSON.stringify(result.body))) acknowledged.push(person.aadObjectId);
      } catch {
        /* the process died under it: not acknowledged */
      }
      if (!killed && acknowledged.length >= 150) {
        killed = true;
        started!.child.kill('SIGKILL');
      }
    };
    // 40 people at a time, 600 in all: the kill lands while answers are in flight.
    for (let i = 0; i < 600 && !killed; i += 40) await Promise.all(Array.from({ length: 40 }, (_, j) => answer(i + j)));
    await started.exited;
    assert.ok(killed && acknowledged.length >= 150, `killed under load after ${acknowledged.length} acknowledgements`);
    const store = openSqliteStore(data.dir, { observer: true }); // reading beside the running bot
    try {
      const stored = new Set((await store.responses.list(pollId)).map((r) => r.respondentKey));
      const missing = acknowledged.filter((id) => !stored.has(`aad:${id}`));
      assert.deepEqual(missing, [], 'every acknowledged answer survived');
      assert.ok(stored.size >= acknowledged.length, `${stored.size} stored for ${acknowledged.length} acknowledged`);
    } finally {
      await store.close();
    }
  });
});
