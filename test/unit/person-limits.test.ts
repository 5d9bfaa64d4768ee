import assert from 'node:assert/strict';
import { deleteMyData, myData } from '../../src/application/my-data-command';
import type { Store } from '../../src/application/ports/store';
import { makeBotDeps } from '../support/bot-deps';
import { tempDir } from '../support/test-app';

/** The store, counting every call a use case makes of it. */
function counting(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key) {
        const value = Reflect.get(object, key);
        if (typeof value === 'function')
          return (...args: unknown[]) => {
            calls++;
            return value.apply(object, args);
          };
        return value && typeof value === 'object' ? wrap(value) : value;
      },
    });
  return { store: wrap(store), calls: () => calls };
}

describe('How often one person may ask for their data, or erase it', () => {
  const actor = { aadObjectId: '00000000-0000-4000-8000-00000000abcd', userId: '29:1sam', name: 'Sam', tenantId: 't' };
  const input = (name: string, args: string[]) => ({ name, args, actor, where: 'personal' as const });

  it('answers `my data` once a minute, and `delete my data confirm` once an hour; a refusal asks nothing of the store', async () => {
    const data = tempDir();
    const base = makeBotDeps(data.dir);
    const { store, calls } = counting(base.store);
    const deps = { ...base, store };
    try {
      assert.match(JSON.stringify(await myData(deps, input('my', ['data']))), /What AHP Pulse holds about you/);
      const before = calls();
      const again = await myData(deps, input('my', ['data']));
      assert.match(JSON.stringify(again), /You asked a moment ago\. Write \\"my data\\" again after/);
      assert.equal(calls(), before, 'nothing was read');
      base.clock.advance(61_000);
      assert.match(JSON.stringify(await myData(deps, input('my', ['data']))), /What AHP Pulse holds about you/, 'a minute on');

      assert.match(JSON.stringify(await deleteMyData(deps, input('delete', ['my', 'data', 'confirm']))), /Your data is erased/);
      const erased = calls();
      assert.match(JSON.stringify(await deleteMyData(deps, input('delete', ['my', 'data', 'confirm']))), /erased less than an hour ago/);
      assert.equal(calls(), erased, 'a second erasure asks nothing of the store');
      base.clock.advance(3_601_000);
      assert.match(JSON.stringify(await deleteMyData(deps, input('delete', ['my', 'data', 'confirm']))), /Your data is erased/);
    } finally {
      await base.store.close();
      data.remove();
    }
  });
});
