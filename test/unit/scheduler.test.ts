import assert from 'node:assert/strict';
import { startScheduler } from '../../src/adapters/scheduler/interval-scheduler';
import { memoryLogger } from '../support/test-app';

describe('The scheduler', () => {
  it('runs every job each tick, in order, and one that fails does not stop the others', async () => {
    const ran: string[] = [];
    const logger = memoryLogger();
    const scheduler = startScheduler(
      3_600_000,
      {
        first: async () => void ran.push('first'),
        digest: async () => {
          ran.push('digest');
          throw new Error('the store is down');
        },
        retention: async () => void ran.push('retention'),
      },
      logger,
    );
    await scheduler.tickNow(); // after the tick at start-up
    await scheduler.stop();
    assert.deepEqual(ran, ['first', 'digest', 'retention', 'first', 'digest', 'retention']);
    assert.deepEqual(
      logger.lines.filter((l) => l.level === 'error').map((l) => l.message),
      ['The scheduled job "digest" failed; it runs again at the next interval', 'The scheduled job "digest" failed; it runs again at the next interval'],
    );
  });
});
