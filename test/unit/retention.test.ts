import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/adapters/store/embedded/sqlite-store';
import { retentionJob } from '../../src/application/retention';
import { response } from '../contract/store-contract';
import { ManualClock } from '../support/poll-deps';
import { memoryLogger, tempDir } from '../support/test-app';

describe('Retention', () => {
  it('deletes responses older than RETENTION_DAYS, at most once an hour, and never when it is 0', async () => {
    const data = tempDir();
    const store = openSqliteStore(data.dir);
    try {
      const clock = new ManualClock(new Date('2026-11-24T09:00:00.000Z'));
      await store.responses.save(response('p1', 'a', '2025-11-01T00:00:00.000Z'));
      await store.responses.save(response('p1', 'b', '2026-11-01T00:00:00.000Z'));
      assert.equal(await retentionJob({ store, clock, logger: memoryLogger() }, 0)(), 0);
      const job = retentionJob({ store, clock, logger: memoryLogger() }, 365);
      assert.equal(await job(), 1);
      await store.responses.save(response('p1', 'c', '2025-01-01T00:00:00.000Z'));
      assert.equal(await job(), 0, 'not again within the hour');
      clock.advance(3_600_000);
      assert.equal(await job(), 1);
      assert.deepEqual(
        (await store.responses.list('p1')).map((r) => r.respondentKey),
        ['b'],
      );
    } finally {
      await store.close();
      data.remove();
    }
  });
});
