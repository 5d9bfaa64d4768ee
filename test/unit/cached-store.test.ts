import assert from 'node:assert/strict';
import { cachedStore } from '../../src/adapters/store/cached-store';
import { openSqliteStore } from '../../src/adapters/store/embedded/store';
import type { Store } from '../../src/application/ports/store';
import { pollOf } from '../support/poll-fixtures';
import { tempDir } from '../support/test-app';

describe('The answer path’s reads from memory (cachedStore)', () => {
  let data: ReturnType<typeof tempDir>;
  let inner: Store;
  let reads: string[];
  beforeEach(async () => {
    data = tempDir();
    const store = openSqliteStore(data.dir);
    reads = [];
    // The real embedded store, with its reads counted as they reach it.
    inner = {
      ...store,
      polls: {
        ...store.polls,
        get: (id) => {
          reads.push(`poll:${id}`);
          return store.polls.get(id);
        },
      },
      profiles: {
        ...store.profiles,
        get: (id) => {
          reads.push(`profile:${id}`);
          return store.profiles.get(id);
        },
      },
    };
  });
  afterEach(async () => {
    await inner.close();
    data.remove();
  });

  it('reads a lapsed record once however many answers need it at the same moment', async () => {
    await inner.polls.create(pollOf('single', { id: 'p1' }));
    const cached = cachedStore(inner, { pollMs: 60_000, profileMs: 60_000 });
    const polls = await Promise.all(Array.from({ length: 32 }, () => cached.polls.get('p1')));
    assert.ok(polls.every((p) => p?.id === 'p1'));
    const profiles = await Promise.all(Array.from({ length: 32 }, () => cached.profiles.get('someone')));
    assert.ok(profiles.every((p) => p === undefined));
    assert.deepEqual(reads, ['poll:p1', 'profile:someone'], 'one read each, shared by all 32');
    await cached.polls.get('p1');
    assert.equal(reads.length, 2, 'and then from memory');
  });

  it('does not share or remember a read that began before this instance changed the record', async () => {
    const poll = pollOf('single', { id: 'p2' });
    await inner.polls.create(poll);
    const cached = cachedStore(inner, { pollMs: 60_000, profileMs: 60_000 });
    const before = cached.polls.get('p2'); // under way while the poll closes
    assert.ok(await cached.polls.update({ ...poll, status: 'closed', version: poll.version + 1 }, poll.version));
    await before;
    assert.equal((await cached.polls.get('p2'))?.status, 'closed');
    assert.equal(reads.filter((r) => r === 'poll:p2').length, 2, 'read again after the change');
  });
});
