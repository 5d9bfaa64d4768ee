import assert from 'node:assert/strict';
import type { Store } from '../../src/application/ports/store';
import { afterSuccess, newDelivery } from '../../src/domain/delivery';
import type { PersonalInstallation, TeamInstallation } from '../../src/domain/installation';
import type { PollResponse } from '../../src/domain/response';
import { Tally, tally } from '../../src/domain/results';
import { answerOf, pollOf } from '../support/poll-fixtures';

/**
 * The cases every Store implementation must pass, run unchanged against each one (the
 * embedded store and Cosmos DB, each alone and behind the cache production reads through). A factory gives a fresh, empty store
 * and can reopen the same data, to prove that what was written is still there.
 */
export interface StoreFactory {
  /** A fresh, empty store. */
  create(): Promise<Store>;
  /** The same data, opened again (after the previous handle was closed). */
  reopen(): Promise<Store>;
  dispose(): Promise<void>;
}

export function team(id: string, overrides: Partial<TeamInstallation> = {}): TeamInstallation {
  return {
    kind: 'team',
    id: `team:${id}`,
    teamId: id,
    teamName: 'AHP Community',
    channels: [{ id, name: 'General' }],
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    address: { conversation: { id }, bot: { id: '28:bot' } },
    status: 'active',
    installedAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    ...overrides,
  };
}

export function person(aadObjectId: string): PersonalInstallation {
  return {
    kind: 'personal',
    id: `personal:${aadObjectId}`,
    aadObjectId,
    userName: 'Sam Physio',
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    address: { conversation: { id: `a:${aadObjectId}` } },
    status: 'active',
    installedAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
  };
}

export function response(pollId: string, key: string, answeredAt: string, optionId = 'access', extra: Partial<PollResponse> = {}): PollResponse {
  return {
    pollId,
    respondentKey: key,
    value: { kind: 'single', optionId },
    answeredAt,
    firstAnsweredAt: answeredAt,
    revision: 0,
    ...extra,
  };
}

async function outcomeOf(store: Store, r: PollResponse): Promise<string> {
  const { outcome, stored } = await store.responses.save(r);
  assert.deepEqual(await store.responses.get(r.pollId, r.respondentKey), stored, 'save returns the response as stored');
  return outcome;
}

export function describeStoreContract(name: string, makeFactory: () => StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let factory: StoreFactory;
    let store: Store;

    beforeEach(async () => {
      factory = makeFactory();
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
      await factory.dispose();
    });

    it('answers a ping when it is open', async () => {
      await store.ping();
    });

    it('returns undefined for an installation it does not hold', async () => {
      assert.equal(await store.installations.get('team:nobody'), undefined);
    });

    it('saves an installation and reads back exactly what was saved', async () => {
      const saved = team('19:a@thread.tacv2');
      await store.installations.save(saved);
      assert.deepEqual(await store.installations.get(saved.id), saved);
    });

    it('replaces an installation saved again under the same id', async () => {
      await store.installations.save(team('19:a'));
      await store.installations.save(team('19:a', { teamName: 'Renamed', status: 'removed' }));
      const read = await store.installations.get('team:19:a');
      assert.equal(read?.kind === 'team' && read.teamName, 'Renamed');
      assert.equal((await store.installations.list()).length, 1);
    });

    it('lists installations by kind and by status', async () => {
      await store.installations.save(team('19:a'));
      await store.installations.save(team('19:b', { status: 'removed' }));
      await store.installations.save(person('aad-1'));
      assert.equal((await store.installations.list()).length, 3);
      assert.deepEqual(
        (await store.installations.list({ kind: 'team', status: 'active' })).map((i) => i.id),
        ['team:19:a'],
      );
      assert.deepEqual(
        (await store.installations.list({ kind: 'personal' })).map((i) => i.id),
        ['personal:aad-1'],
      );
    });

    it('keeps odd ids apart: quotes, slashes, unicode, SQL and very long ones', async () => {
      const ids = ["19:o'brien;--", '19:a/b\\c?d#e', '19:ŝtelo-💬', "x' OR '1'='1", `19:${'z'.repeat(900)}`];
      for (const id of ids) await store.installations.save(team(id, { teamName: id }));
      for (const id of ids) {
        const read = await store.installations.get(`team:${id}`);
        assert.equal(read?.kind === 'team' && read.teamName, id);
      }
      assert.equal((await store.installations.list()).length, ids.length);
    });

    it('gives the welcome claim to exactly one of many concurrent callers', async () => {
      await store.installations.save(team('19:a'));
      const claims = await Promise.all(Array.from({ length: 20 }, () => store.installations.claimWelcome('team:19:a', 'now')));
      assert.equal(claims.filter(Boolean).length, 1);
    });

    it('does not let a later save of the record undo a welcome claim', async () => {
      await store.installations.save(team('19:a'));
      assert.equal(await store.installations.claimWelcome('team:19:a', 'now'), true);
      await store.installations.save(team('19:a', { teamName: 'Saved again' }));
      assert.equal(await store.installations.claimWelcome('team:19:a', 'now'), false);
    });

    it('allows a new welcome claim once the old one is released', async () => {
      assert.equal(await store.installations.claimWelcome('team:19:a', 'now'), true);
      await store.installations.releaseWelcome('team:19:a');
      await store.installations.releaseWelcome('team:never-claimed');
      assert.equal(await store.installations.claimWelcome('team:19:a', 'later'), true);
    });

    it('still holds everything after it is closed and opened again', async () => {
      await store.installations.save(team('19:a'));
      await store.installations.claimWelcome('team:19:a', 'now');
      await store.close();
      store = await factory.reopen();
      assert.equal((await store.installations.get('team:19:a'))?.id, 'team:19:a');
      assert.equal(await store.installations.claimWelcome('team:19:a', 'again'), false);
    });

    it('creates a poll once, and refuses a second poll with the same id', async () => {
      const poll = pollOf('single', { id: 'p-contract-1', version: 1 });
      await store.polls.create(poll);
      assert.deepEqual(await store.polls.get(poll.id), poll);
      await assert.rejects(store.polls.create(poll));
      assert.equal(await store.polls.get('p-none'), undefined);
    });

    it('updates a poll only from the version it read: of two racing writers, exactly one wins (ETag / version conflict)', async () => {
      const poll = pollOf('single', { id: 'p-race', version: 1 });
      await store.polls.create(poll);
      const results = await Promise.all([
        store.polls.update({ ...poll, status: 'closed', closedBy: 'author', version: 2 }, 1),
        store.polls.update({ ...poll, reminderSentAt: '2026-11-24T10:00:00.000Z', version: 2 }, 1),
      ]);
      assert.deepEqual(results.sort(), [false, true]);
      assert.equal((await store.polls.get(poll.id))!.version, 2);
      assert.equal(await store.polls.update({ ...poll, version: 2 }, 1), false, 'a stale version is refused');
      assert.equal(await store.polls.update({ ...poll, id: 'p-none', version: 2 }, 1), false, 'an unknown poll is refused');
    });

    it('lists open polls that are due to close or to be reminded, and no others', async () => {
      const now = '2026-11-24T12:00:00.000Z';
      await store.polls.create(pollOf('single', { id: 'p-due-close', closesAt: '2026-11-24T11:00:00.000Z' }));
      await store.polls.create(pollOf('single', { id: 'p-due-remind', closesAt: '2026-11-25T11:00:00.000Z', reminderAt: '2026-11-24T11:30:00.000Z' }));
      await store.polls.create(
        pollOf('single', {
          id: 'p-reminded',
          closesAt: '2026-11-25T11:00:00.000Z',
          reminderAt: '2026-11-24T11:30:00.000Z',
          reminderSentAt: '2026-11-24T11:31:00.000Z',
        }),
      );
      await store.polls.create(pollOf('single', { id: 'p-later', closesAt: '2026-11-30T11:00:00.000Z' }));
      await store.polls.create(pollOf('single', { id: 'p-closed', status: 'closed', closesAt: '2026-11-20T11:00:00.000Z' }));
      assert.deepEqual(
        (await store.polls.listDue(now)).map((p) => p.id),
        ['p-due-close', 'p-due-remind'],
      );
    });

    it('keeps one response per person per poll: the same answer again is unchanged, a new one replaces it', async () => {
      assert.equal(await outcomeOf(store, response('p1', 'anon:a', '2026-11-24T09:00:00.000Z')), 'created');
      assert.equal(await outcomeOf(store, response('p1', 'anon:a', '2026-11-24T09:00:00.000Z')), 'unchanged');
      assert.equal(await outcomeOf(store, response('p1', 'anon:a', '2026-11-24T09:05:00.000Z', 'ahp-identity')), 'updated');
      const stored = (await store.responses.get('p1', 'anon:a'))!;
      assert.deepEqual(stored.value, { kind: 'single', optionId: 'ahp-identity' });
      assert.equal(stored.revision, 1);
      assert.equal(stored.firstAnsweredAt, '2026-11-24T09:00:00.000Z');
      assert.equal(await store.responses.count('p1'), 1);
    });

    it('never lets an older answer arriving late replace a newer one', async () => {
      await store.responses.save(response('p1', 'aad:x', '2026-11-24T09:05:00.000Z', 'ahp-identity'));
      assert.equal(await outcomeOf(store, response('p1', 'aad:x', '2026-11-24T09:00:00.000Z', 'access')), 'stale');
      assert.deepEqual((await store.responses.get('p1', 'aad:x'))!.value, { kind: 'single', optionId: 'ahp-identity' });
    });

    it('moves the time of an answer given again forward, so a late retry of an answer given in between cannot win', async () => {
      await store.responses.save(response('p1', 'aad:y', '2026-11-24T09:00:00.000Z', 'access'));
      assert.equal(await outcomeOf(store, response('p1', 'aad:y', '2026-11-24T09:05:00.000Z', 'access')), 'unchanged');
      assert.equal(await outcomeOf(store, response('p1', 'aad:y', '2026-11-24T09:03:00.000Z', 'ahp-identity')), 'stale');
      const stored = (await store.responses.get('p1', 'aad:y'))!;
      assert.deepEqual([stored.value, stored.answeredAt, stored.revision], [{ kind: 'single', optionId: 'access' }, '2026-11-24T09:05:00.000Z', 0]);
    });

    it('loses no update when many people answer, and one person changes their answer, at the same time', async () => {
      const saves = [];
      for (let i = 0; i < 30; i++) saves.push(store.responses.save(response('p-busy', `anon:${i}`, '2026-11-24T09:00:00.000Z')));
      for (let k = 0; k < 10; k++) {
        saves.push(store.responses.save(response('p-busy', 'anon:changer', `2026-11-24T09:00:0${k}.000Z`, k % 2 ? 'access' : 'ahp-identity')));
      }
      await Promise.all(saves);
      assert.equal(await store.responses.count('p-busy'), 31);
      assert.equal((await store.responses.list('p-busy')).length, 31);
      const changer = (await store.responses.get('p-busy', 'anon:changer'))!;
      assert.equal(changer.answeredAt, '2026-11-24T09:00:09.000Z');
      assert.deepEqual(changer.value, { kind: 'single', optionId: 'access' });
    });

    it('keeps polls apart, and respondent keys with odd characters apart', async () => {
      const keys = ['anon:a/b+c==', 'anon:a?b#c', 'user:29:1x\\y', `anon:${'k'.repeat(300)}`];
      for (const key of keys) await store.responses.save(response('p-odd', key, '2026-11-24T09:00:00.000Z'));
      await store.responses.save(response('p-other', keys[0]!, '2026-11-24T09:00:00.000Z', 'ahp-identity'));
      assert.equal(await store.responses.count('p-odd'), keys.length);
      for (const key of keys) assert.equal((await store.responses.get('p-odd', key))?.respondentKey, key);
      assert.deepEqual((await store.responses.get('p-other', keys[0]!))!.value, { kind: 'single', optionId: 'ahp-identity' });
    });

    it('stores every kind of answer exactly as given', async () => {
      for (const [i, kind] of (['single', 'multi', 'agreement', 'rating', 'rank', 'open'] as const).entries()) {
        await store.responses.save({ ...response('p-kinds', `k${i}`, '2026-11-24T09:00:00.000Z'), value: answerOf(kind, i) });
        assert.deepEqual((await store.responses.get('p-kinds', `k${i}`))!.value, answerOf(kind, i));
      }
    });

    it('keeps a profile per person, changeable', async () => {
      await store.profiles.save({ aadObjectId: 'aad-1', profession: 'paramedic', updatedAt: 't1' });
      await store.profiles.save({ aadObjectId: 'aad-1', profession: 'dietitian', updatedAt: 't2' });
      assert.equal((await store.profiles.get('aad-1'))?.profession, 'dietitian');
      assert.equal(await store.profiles.get('aad-2'), undefined);
    });

    it('deletes responses past retention, and only those', async () => {
      await store.responses.save(response('p1', 'old', '2024-01-01T00:00:00.000Z'));
      await store.responses.save(response('p2', 'old', '2024-06-01T00:00:00.000Z'));
      await store.responses.save(response('p1', 'new', '2026-11-01T00:00:00.000Z'));
      assert.equal(await store.responses.purgeAnsweredBefore('2025-01-01T00:00:00.000Z'), 2);
      assert.equal(await store.responses.count('p1'), 1);
      assert.equal(await store.responses.count('p2'), 0);
      assert.ok(await store.responses.get('p1', 'new'));
    });

    it("finds a person's named answers by object id, and any answers by their keys, each in one query", async () => {
      const sam = '00000000-0000-4000-8000-00000000feed';
      await store.responses.save(response('p-n1', `aad:${sam}`, T0, 'access', { aadObjectId: sam, name: 'Sam' }));
      await store.responses.save(response('p-n2', `aad:${sam}`, T0, 'access', { aadObjectId: sam, name: 'Sam' }));
      await store.responses.save(response('p-n1', 'aad:other', T0, 'access', { aadObjectId: 'other', name: 'Ola' }));
      await store.responses.save(response('p-a1', 'anon:sam-in-a1', T0));
      await store.responses.save(response('p-a2', 'anon:sam-in-a2', T0));
      await store.responses.save(response('p-a2', 'anon:someone-else', T0));
      assert.deepEqual(
        (await store.responses.listNamed(sam.toUpperCase())).map((r) => r.pollId),
        ['p-n1', 'p-n2'],
      );
      assert.deepEqual(await store.responses.listNamed('nobody'), []);
      const keys = [
        { pollId: 'p-a1', respondentKey: 'anon:sam-in-a1' },
        { pollId: 'p-a2', respondentKey: 'anon:sam-in-a2' },
        { pollId: 'p-a3', respondentKey: 'anon:never-answered' },
        // The same key in another poll is another response.
        { pollId: 'p-a1', respondentKey: 'anon:sam-in-a2' },
      ];
      assert.deepEqual((await store.responses.getMany(keys)).map((r) => `${r.pollId} ${r.respondentKey}`).sort(), [
        'p-a1 anon:sam-in-a1',
        'p-a2 anon:sam-in-a2',
      ]);
      assert.deepEqual(await store.responses.getMany([]), []);
      // Many keys at once (more than one statement or query's worth).
      const many = Array.from({ length: 450 }, (_, i) => ({ pollId: 'p-a2', respondentKey: `anon:none-${i}` }));
      assert.equal((await store.responses.getMany([...many, { pollId: 'p-a2', respondentKey: 'anon:someone-else' }])).length, 1);
    });

    it('erases one person: their records deleted, their ids and name scrubbed from the rest, nobody else touched', async () => {
      const who = '00000000-0000-4000-8000-00000000abcd';
      const erase = {
        aadObjectId: who,
        userIds: ['29:1sam-user-id'],
        names: ['Sam Physio'],
        pseudonym: 'pn:sampseudonym',
        // Found by recomputing each poll's keyed hash: nothing stored links Sam's anonymous answers.
        anonymousResponses: [
          { pollId: 'p3', respondentKey: 'anon:samhash' },
          { pollId: 'p4', respondentKey: 'anon:other-hash-of-sam' },
        ],
        conversationIds: [`a:${who}`],
      };
      await store.profiles.save({ aadObjectId: who, profession: 'paramedic', updatedAt: 't' });
      await store.profiles.save({ aadObjectId: 'someone-else', profession: 'dietitian', updatedAt: 't' });
      await store.responses.save(response('p1', `aad:${who}`, T0, 'access', { aadObjectId: who, name: 'Sam Physio' }));
      await store.responses.save(response('p2', `aad:${who}`, T0, 'access', { aadObjectId: who, name: 'Sam Physio' }));
      await store.responses.save(response('p3', 'anon:samhash', T0));
      await store.responses.save(response('p4', 'anon:other-hash-of-sam', T0, 'access', { participantSeal: 's1.a-sealed-value-is-random-bytes' }));
      await store.responses.save(response('p1', 'aad:someone-else', T0, 'access', { aadObjectId: 'someone-else', name: 'Ola' }));
      await store.responses.save({ ...response('p1', 'anon:hash', T0), value: { kind: 'open', text: 'Sam Physio will mark referrals' } });
      await store.polls.create(pollOf('single', { id: 'p-by-sam', author: { aadObjectId: who, name: 'Sam Physio' }, version: 1 }));
      await store.installations.save(person(who));
      await store.installations.claimWelcome(`personal:${who}`, T0);
      await store.installations.save(person('someone-else'));
      // A team Sam installed: its stored conversation reference names Sam.
      await store.installations.save(
        team('19:t', { address: { conversation: { id: '19:t' }, user: { id: '29:1sam-user-id', name: 'Sam Physio', aadObjectId: who } } }),
      );
      await store.digestSubscriptions.save({ aadObjectId: who, name: 'Sam Physio', subscribedAt: 't', chat: target(`a:${who}`) });
      await store.digestSubscriptions.save({ aadObjectId: 'someone-else', name: 'Ola', subscribedAt: 't', chat: target('a:1') });
      await store.leads.save({ aadObjectId: who, name: 'Sam Physio', addedBy: 'admin-1', addedAt: T0 });
      await store.leads.save({ aadObjectId: 'lead-2', name: 'Lee', addedBy: who, addedAt: T0 });
      await store.conversationState.write({
        [`msteams/conversations/a:${who}/`]: { draft: { by: 'Sam Physio' } },
        'msteams/conversations/a:1/': { draft: {} },
      });
      assert.deepEqual(await store.erasePerson(erase), {
        profiles: 1,
        namedResponses: 2,
        anonymousResponses: 2,
        installations: 1,
        digestSubscriptions: 1,
        leadGrants: 1,
        conversationState: 1,
        deliveries: 0,
        // The team Sam installed, the grant Sam made, the poll Sam wrote. Not the chat of someone
        // else who is also called Sam Physio, nor an answer that names Sam: only identity fields
        // beside Sam's own id are scrubbed, never a name found in text.
        scrubbed: 3,
      });
      assert.deepEqual((await store.polls.get('p-by-sam'))?.author, { aadObjectId: 'pn:sampseudonym', name: 'erased' });
      assert.equal((await store.polls.get('p-by-sam'))?.version, 2, 'its version moved on, so a write from before cannot put Sam back');
      assert.equal(
        ((await store.responses.get('p1', 'anon:hash'))!.value as { text?: string }).text,
        'Sam Physio will mark referrals',
        'free text is left alone',
      );
      assert.equal((await store.installations.get('personal:someone-else'))?.kind, 'personal');
      assert.match(JSON.stringify(await store.installations.get('personal:someone-else')), /Sam Physio/, "another person's own name is theirs");
      assert.equal(await store.profiles.get(who), undefined);
      assert.equal(await store.responses.get('p1', `aad:${who}`), undefined);
      assert.equal(await store.responses.get('p3', 'anon:samhash'), undefined);
      assert.equal(await store.responses.count('p4'), 0);
      assert.equal(await store.installations.get(`personal:${who}`), undefined);
      assert.equal(await store.installations.claimWelcome(`personal:${who}`, T0), true, 'the welcome claim went with the chat');
      assert.equal(await store.responses.count('p1'), 2, "others' named and anonymous responses stay");
      assert.ok(await store.profiles.get('someone-else'));
      assert.deepEqual(
        (await store.digestSubscriptions.list()).map((d) => d.aadObjectId),
        ['someone-else'],
      );
      assert.equal(await store.leads.get(who), undefined);
      assert.equal((await store.leads.get('lead-2'))?.addedBy, 'pn:sampseudonym');
      assert.deepEqual((await store.installations.get('team:19:t'))?.address, {
        conversation: { id: '19:t' },
        user: { id: 'pn:sampseudonym', name: 'erased', aadObjectId: 'pn:sampseudonym' },
      });
      assert.deepEqual(Object.keys(await store.conversationState.read([`msteams/conversations/a:${who}/`, 'msteams/conversations/a:1/'])), [
        'msteams/conversations/a:1/',
      ]);
      const again = await store.erasePerson(erase);
      assert.ok(
        Object.values(again).every((n) => n === 0),
        `a second erasure finds nothing: ${JSON.stringify(again)}`,
      );
    });

    const target = (channelId: string) => ({ teamId: 'team', channelId, tenantId: 'tenant', serviceUrl: 'https://smba/', address: {} });
    const T0 = '2026-11-24T09:00:00.000Z';

    it('enqueues one delivery per (poll, kind, channel): enqueueing again adds nothing', async () => {
      const batch = ['19:a', '19:b', '19:c'].map((c) => newDelivery({ pollId: 'p1' }, 'post', target(c), T0));
      assert.equal(await store.deliveries.enqueue(batch), 3);
      assert.equal(await store.deliveries.enqueue(batch), 0);
      assert.equal((await store.deliveries.listForPoll('p1')).length, 3);
      assert.equal((await store.deliveries.get('p1:post:19:b'))?.status, 'pending');
    });

    it('gives each due delivery to exactly one of several workers claiming at once, and nothing not yet due', async () => {
      await store.deliveries.enqueue(Array.from({ length: 12 }, (_, i) => newDelivery({ pollId: 'p1' }, 'post', target(`19:${i}`), T0)));
      await store.deliveries.enqueue([newDelivery({ pollId: 'p1' }, 'post', target('19:later'), T0, { notBefore: '2026-11-24T10:00:00.000Z' })]);
      const claims = await Promise.all(['w1', 'w2', 'w3'].map((w) => store.deliveries.claimDue(T0, w, '2026-11-24T09:01:00.000Z', 10)));
      const ids = claims.flat().map((d) => d.id);
      assert.equal(ids.length, 12);
      assert.equal(new Set(ids).size, 12, 'no delivery claimed twice');
      assert.ok(!ids.includes('p1:post:19:later'));
      assert.ok(claims.flat().every((d) => d.status === 'sending'));
    });

    it('lets another worker take a claim that has lapsed, and records an outcome only from the claim holder', async () => {
      await store.deliveries.enqueue([newDelivery({ pollId: 'p1' }, 'post', target('19:a'), T0)]);
      const [mine] = await store.deliveries.claimDue(T0, 'dead-worker', '2026-11-24T09:01:00.000Z', 10);
      assert.deepEqual(await store.deliveries.claimDue('2026-11-24T09:00:30.000Z', 'w2', '2026-11-24T09:02:00.000Z', 10), []);
      const [taken] = await store.deliveries.claimDue('2026-11-24T09:01:00.000Z', 'w2', '2026-11-24T09:02:00.000Z', 10);
      assert.equal(taken?.claimedBy, 'w2');
      assert.equal(await store.deliveries.settle(afterSuccess(mine!, new Date(T0)), 'dead-worker'), false);
      assert.equal(await store.deliveries.settle(afterSuccess(taken!, new Date(T0)), 'w2'), true);
      assert.equal((await store.deliveries.get('p1:post:19:a'))?.status, 'sent');
      assert.deepEqual(
        await store.deliveries.claimDue('2026-11-24T10:00:00.000Z', 'w3', '2026-11-24T10:01:00.000Z', 10),
        [],
        'a sent delivery is never claimed again',
      );
    });

    it('requeues a finished card update, but leaves one pending or in flight alone (updates coalesce)', async () => {
      const update = newDelivery({ pollId: 'p1' }, 'update', target('19:a'), T0);
      assert.equal(await store.deliveries.requeue([update]), 1);
      assert.equal(await store.deliveries.requeue([update]), 0, 'already pending');
      const [claimed] = await store.deliveries.claimDue(T0, 'w', '2026-11-24T09:01:00.000Z', 10);
      assert.equal(await store.deliveries.requeue([update]), 0, 'in flight');
      await store.deliveries.settle(afterSuccess(claimed!, new Date(T0)), 'w');
      assert.equal(await store.deliveries.requeue([{ ...update, notBefore: '2026-11-24T09:05:00.000Z' }]), 1, 'sent: queued again');
      assert.equal((await store.deliveries.get(update.id))?.status, 'pending');
    });

    it('cancels the pending deliveries of a poll, and only those', async () => {
      await store.deliveries.enqueue(['19:a', '19:b'].map((c) => newDelivery({ pollId: 'p1' }, 'post', target(c), T0)));
      await store.deliveries.enqueue([newDelivery({ pollId: 'p2' }, 'post', target('19:a'), T0)]);
      const [claimed] = await store.deliveries.claimDue(T0, 'w', '2026-11-24T09:01:00.000Z', 1);
      assert.equal(await store.deliveries.cancelPending('p1', T0), claimed!.pollId === 'p1' ? 1 : 2);
      assert.equal((await store.deliveries.listForPoll('p2'))[0]!.status, claimed!.pollId === 'p2' ? 'sending' : 'pending');
    });

    it('keeps the leads an admin added, with who and when, and removes them', async () => {
      const grant = { aadObjectId: 'aad-lead', name: 'Sam Lead', addedBy: 'aad-admin', addedAt: T0 };
      await store.leads.save(grant);
      assert.deepEqual(await store.leads.get('aad-lead'), grant);
      assert.deepEqual(await store.leads.list(), [grant]);
      assert.equal(await store.leads.remove('aad-lead'), true);
      assert.equal(await store.leads.remove('aad-lead'), false);
      assert.deepEqual(await store.leads.list(), []);
    });

    it('keeps conversation state between turns, by key, and forgets it when asked', async () => {
      const key = 'msteams/conversations/a:1personal-x/';
      await store.conversationState.write({ [key]: { dialogState: { step: 3, draft: { template: 'rank' } } } });
      assert.deepEqual(await store.conversationState.read([key, 'missing']), { [key]: { dialogState: { step: 3, draft: { template: 'rank' } } } });
      await store.conversationState.write({ [key]: { dialogState: { step: 4 } } });
      assert.deepEqual((await store.conversationState.read([key]))[key], { dialogState: { step: 4 } });
      await store.conversationState.delete([key]);
      assert.deepEqual(await store.conversationState.read([key]), {});
    });

    it('keeps weekly pulses, updated only from the version read', async () => {
      const pulse = {
        id: 'w1',
        launchArgs: ['top-priority', 'to=all'],
        day: 1,
        time: '09:00',
        createdBy: { aadObjectId: 'aad', name: 'Lead', tenantId: 't' },
        createdAt: T0,
        status: 'active' as const,
        version: 1,
      };
      await store.weeklyPulses.create(pulse);
      assert.deepEqual(await store.weeklyPulses.get('w1'), pulse);
      const race = await Promise.all([
        store.weeklyPulses.update({ ...pulse, lastLaunched: '2026-11-30', version: 2 }, 1),
        store.weeklyPulses.update({ ...pulse, lastLaunched: '2026-11-30', version: 2 }, 1),
      ]);
      assert.deepEqual(race.sort(), [false, true], 'one week is claimed once');
      assert.deepEqual(
        (await store.weeklyPulses.list()).map((p) => [p.id, p.lastLaunched]),
        [['w1', '2026-11-30']],
      );
    });

    it('lists the polls open at some time in a week: created before its end, closed or closing after its start', async () => {
      const from = '2026-11-16T00:00:00.000Z';
      const to = '2026-11-23T00:00:00.000Z';
      const polls = [
        pollOf('single', { id: 'before', createdAt: '2026-11-01T09:00:00.000Z', closesAt: '2026-11-10T09:00:00.000Z' }),
        pollOf('single', { id: 'into', createdAt: '2026-11-12T09:00:00.000Z', closesAt: '2026-11-17T09:00:00.000Z' }),
        pollOf('single', {
          id: 'closed-early',
          createdAt: '2026-11-12T09:00:00.000Z',
          closesAt: '2026-11-19T09:00:00.000Z',
          status: 'closed',
          closedAt: '2026-11-15T09:00:00.000Z',
        }),
        pollOf('single', { id: 'within', createdAt: '2026-11-18T09:00:00.000Z', closesAt: '2026-11-20T09:00:00.000Z' }),
        pollOf('single', { id: 'across', createdAt: '2026-11-02T09:00:00.000Z', closesAt: '2026-12-20T09:00:00.000Z' }),
        pollOf('single', { id: 'after', createdAt: '2026-11-23T00:00:00.000Z', closesAt: '2026-11-30T09:00:00.000Z' }),
        // Due to close before the week, but closed late (the bot was down): it was open into the week.
        pollOf('single', {
          id: 'closed-late',
          createdAt: '2026-11-09T09:00:00.000Z',
          closesAt: '2026-11-14T09:00:00.000Z',
          status: 'closed',
          closedAt: '2026-11-16T08:00:00.000Z',
        }),
      ];
      for (const poll of polls) await store.polls.create(poll);
      assert.deepEqual(
        (await store.polls.listOpenBetween(from, to)).map((p) => p.id),
        ['across', 'closed-late', 'into', 'within'],
        'the same on both stores, a late close included',
      );
    });

    it('keeps the content admins edit: saved once from nothing, then only over the version read, and there after a reopen', async () => {
      assert.equal(await store.content.get(), undefined);
      const first = {
        priorities: [{ id: 'access', title: 'Easier access', description: 'd', raisedBy: ['citizens' as const] }],
        workforce: [],
        version: 1,
        updatedAt: 't1',
      };
      assert.equal(await store.content.save(first, 0), true);
      assert.equal(await store.content.save({ ...first, updatedAt: 'again' }, 0), false, 'a second first save loses');
      const second = { ...first, priorities: [{ ...first.priorities[0]!, title: 'Access to support' }], version: 2, updatedAt: 't2' };
      assert.equal(await store.content.save(second, 1), true);
      assert.equal(await store.content.save({ ...second, version: 2, updatedAt: 'stale' }, 1), false, 'a save over an older version loses');
      await store.close();
      store = await factory.reopen();
      assert.deepEqual(await store.content.get(), second);
    });

    it("lists a person's polls by their object id, newest first, at most as many as asked, and no one else's", async () => {
      const mine = (id: string, createdAt: string) => pollOf('single', { id, createdAt, author: { aadObjectId: 'aad-lead-a', name: 'A' } });
      await store.polls.create(mine('a-old', '2026-11-01T09:00:00.000Z'));
      await store.polls.create(mine('a-new', '2026-11-20T09:00:00.000Z'));
      await store.polls.create(mine('a-mid', '2026-11-10T09:00:00.000Z'));
      await store.polls.create(pollOf('single', { id: 'b-one', createdAt: '2026-11-15T09:00:00.000Z', author: { aadObjectId: 'aad-lead-b', name: 'B' } }));
      assert.deepEqual(
        (await store.polls.listByAuthor('AAD-LEAD-A', 10)).map((p) => p.id),
        ['a-new', 'a-mid', 'a-old'],
      );
      assert.deepEqual(
        (await store.polls.listByAuthor('aad-lead-a', 2)).map((p) => p.id),
        ['a-new', 'a-mid'],
      );
      assert.deepEqual(await store.polls.listByAuthor('aad-nobody', 10), []);
    });

    it("streams every response of a poll, page after page, and only that poll's", async () => {
      const many = 2_050; // more than one page on either store
      for (let i = 0; i < many; i += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, many - i) }, (_, j) => store.responses.save(response('big', `k${String(i + j).padStart(5, '0')}`, T0))),
        );
      }
      await store.responses.save(response('other', 'k00001', T0));
      const keys: string[] = [];
      for await (const r of store.responses.stream('big')) keys.push(r.respondentKey);
      assert.equal(keys.length, many);
      assert.equal(new Set(keys).size, many, 'no response twice');
      const none: unknown[] = [];
      for await (const r of store.responses.stream('nothing')) none.push(r);
      assert.deepEqual(none, []);
    });

    it('counts a poll’s answers as the results count them, over more than one page, and without the words of open answers', async () => {
      const kinds = ['single', 'multi', 'agreement', 'rating', 'rank', 'open'] as const;
      const counts = async (pollId: string, poll = pollOf('single')) => {
        const counted = new Tally(poll);
        let people = 0;
        for await (const { value, count } of store.responses.countAnswers(pollId)) {
          if (value.kind === 'open') assert.equal(value.text, '', 'no words of an open answer');
          counted.add(value, count);
          people += count;
        }
        return { results: counted.result(), people };
      };
      const save = (pollId: string, n: number, value: PollResponse['value'], at: string, revision = 0) =>
        store.responses.save(response(pollId, `k${String(n).padStart(5, '0')}`, at, 'access', { value, revision }));
      for (const kind of kinds) {
        // More than one page (Cosmos DB reads 1,000 a page) for one kind; every kind's shape on a few.
        const many = kind === 'single' ? 1_050 : 40;
        const poll = pollOf(kind, { id: `count-${kind}` });
        for (let i = 0; i < many; i += 150) {
          await Promise.all(
            Array.from({ length: Math.min(150, many - i) }, (_, j) => {
              const n = i + j;
              // Some open answers name no priority: they are counted under none.
              return save(poll.id, n, kind === 'open' && n % 7 === 0 ? { kind: 'open', text: `no priority #${n}` } : answerOf(kind, n), T0);
            }),
          );
        }
        const whole = tally(
          poll,
          (await store.responses.list(poll.id)).map((r) => r.value),
        );
        const { results, people } = await counts(poll.id, poll);
        assert.equal(people, many, `${kind}: every response counted once`);
        assert.deepEqual(results, whole, `${kind}: the same results as counting the responses whole`);
      }
      // Changed answers move from one count to another, and deleted ones leave the counts: 30
      // answers given early, 10 of them changed later, then everything answered early purged.
      const early = '2026-11-20T09:00:00.000Z';
      const later = '2026-11-25T09:00:00.000Z';
      for (let n = 0; n < 30; n++) await save('count-changes', n, answerOf('single', n), early);
      for (let n = 0; n < 12; n++) await save('count-gone', n, answerOf('single', n), early);
      for (let n = 0; n < 10; n++) await save('count-changes', n, answerOf('single', n + 1), later, 1);
      await store.responses.purgeAnsweredBefore('2026-11-21T00:00:00.000Z');
      const left = await store.responses.list('count-changes');
      assert.equal(left.length, 10);
      assert.deepEqual(
        (await counts('count-changes')).results,
        tally(
          pollOf('single'),
          left.map((r) => r.value),
        ),
        'counts follow changes and deletions',
      );
      assert.equal((await counts('count-gone')).people, 0, 'a poll whose responses are all deleted counts none');
    });

    it("records a week's digest once however many publish at once, keeps past weeks, and updates only from the version read", async () => {
      const publication = (weekId: string, by: string) => ({
        weekId,
        digest: { week: { id: weekId, startsAt: `${weekId}T00:00:00.000Z`, endsAt: 'x' }, figures: [1, 2, 3] } as never,
        publishedAt: T0,
        publishedBy: by,
        status: 'recorded' as const,
        version: 1,
      });
      const race = await Promise.all(['a', 'b', 'c', 'd'].map((by) => store.digests.create(publication('2026-11-16', by))));
      assert.deepEqual(race.filter(Boolean).length, 1, 'exactly one instance records the week');
      const winner = ['a', 'b', 'c', 'd'][race.indexOf(true)];
      assert.equal((await store.digests.get('2026-11-16'))?.publishedBy, winner);
      assert.equal(await store.digests.create(publication('2026-11-09', 'a')), true);
      assert.equal(await store.digests.create(publication('2026-11-23', 'a')), true);
      assert.deepEqual(
        (await store.digests.list(2)).map((p) => p.weekId),
        ['2026-11-23', '2026-11-16'],
      );
      const stored = (await store.digests.get('2026-11-09'))!;
      assert.deepEqual(stored, publication('2026-11-09', 'a'), 'stored whole');
      const updates = await Promise.all([
        store.digests.update({ ...stored, status: 'queued', recipients: 3, version: 2 }, 1),
        store.digests.update({ ...stored, status: 'queued', recipients: 3, version: 2 }, 1),
      ]);
      assert.deepEqual(updates.sort(), [false, true]);
      assert.equal((await store.digests.get('2026-11-09'))?.status, 'queued');
      assert.equal(await store.digests.get('2026-01-05'), undefined);
    });

    it('keeps digest subscriptions, one per person, and removes them', async () => {
      await store.digestSubscriptions.save({ aadObjectId: 'b', name: 'Bea', subscribedAt: T0, chat: target('a:1') });
      await store.digestSubscriptions.save({ aadObjectId: 'a', name: 'Ade', subscribedAt: T0, chat: target('a:1') });
      await store.digestSubscriptions.save({ aadObjectId: 'a', name: 'Ade', subscribedAt: '2026-11-25T09:00:00.000Z', chat: target('a:1') });
      assert.deepEqual(
        (await store.digestSubscriptions.list()).map((s) => [s.aadObjectId, s.subscribedAt]),
        [
          ['a', '2026-11-25T09:00:00.000Z'],
          ['b', T0],
        ],
      );
      assert.equal(await store.digestSubscriptions.remove('a'), true);
      assert.equal(await store.digestSubscriptions.remove('a'), false);
      assert.equal(await store.digestSubscriptions.get('a'), undefined);
      assert.equal((await store.digestSubscriptions.get('b'))?.name, 'Bea');
    });

    it('accepts a single-use token once, however many use it at the same moment', async () => {
      const uses = await Promise.all(Array.from({ length: 10 }, () => store.oneTimeTokens.use('link-1', '2026-11-24T10:00:00.000Z')));
      assert.equal(uses.filter(Boolean).length, 1);
      assert.equal(await store.oneTimeTokens.use('link-1', '2026-11-24T10:00:00.000Z'), false, 'and never again');
      assert.equal(await store.oneTimeTokens.use('link-2', '2026-11-24T10:00:00.000Z'), true);
    });

    it('leases a sending slot to one caller, however many ask at the same moment', async () => {
      const until = new Date(Date.now() + 60_000).toISOString();
      const claims = await Promise.all(Array.from({ length: 10 }, () => store.slotLeases.claim('tenant:t1', 42, until)));
      assert.equal(claims.filter(Boolean).length, 1);
      assert.equal(await store.slotLeases.claim('tenant:t1', 42, until), false, 'taken until it expires');
      assert.equal(await store.slotLeases.claim('tenant:t1', 43, until), true, 'the next block is another lease');
      assert.equal(await store.slotLeases.claim('conversation:19:c@thread.tacv2', 42, until), true, 'and so is another key');
    });

    it('appends audit records and lists them from a time, oldest first', async () => {
      const record = (id: string, at: string) => ({ id, at, actor: 'pn:abc', action: 'poll.closed' as const, subject: 'p1a2b3c4d5' });
      await store.audit.append(record('a2', '2026-11-24T09:02:00.000Z'));
      await store.audit.append(record('a1', '2026-11-24T09:01:00.000Z'));
      await store.audit.append(record('a0', '2026-11-20T09:00:00.000Z'));
      assert.deepEqual(
        (await store.audit.listSince('2026-11-24T00:00:00.000Z', 10)).map((r) => r.id),
        ['a1', 'a2'],
      );
      await assert.rejects(store.audit.append(record('a1', '2026-11-24T09:03:00.000Z')), 'an id is written once');
      assert.equal((await store.audit.listSince('2026-11-24T00:00:00.000Z', 10)).find((r) => r.id === 'a1')?.at, '2026-11-24T09:01:00.000Z');
    });

    it('refuses work once closed, saying so', async () => {
      await store.close();
      await assert.rejects(store.installations.get('team:19:a'), /closed/);
      store = await factory.reopen();
    });
  });
}
