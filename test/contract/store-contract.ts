import assert from 'node:assert/strict';
import type { Store } from '../../src/application/ports';
import type { PersonalInstallation, TeamInstallation } from '../../src/domain/installation';

/**
 * The cases every Store implementation must pass, run unchanged against each one (the
 * embedded store now; Cosmos DB joins with its issue). A factory gives a fresh, empty store
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

    it('refuses work once closed, saying so', async () => {
      await store.close();
      await assert.rejects(store.installations.get('team:19:a'), /closed/);
      store = await factory.reopen();
    });
  });
}
