import assert from 'node:assert/strict';
import { latestOccurrence } from '../../src/domain/weekly';

describe('Weekly pulse times (UK time)', () => {
  const monday9 = { day: 1, time: '09:00' };

  it("finds this week's Monday 09:00 once it has passed, and last week's before", () => {
    assert.deepEqual(latestOccurrence(monday9, new Date('2026-11-30T09:01:00Z')), { at: new Date('2026-11-30T09:00:00Z'), week: '2026-11-30' });
    assert.deepEqual(latestOccurrence(monday9, new Date('2026-11-30T08:59:00Z')), { at: new Date('2026-11-23T09:00:00Z'), week: '2026-11-23' });
  });

  it('keeps 09:00 UK time in summer (08:00 UTC)', () => {
    assert.deepEqual(latestOccurrence(monday9, new Date('2026-07-06T10:00:00Z')), { at: new Date('2026-07-06T08:00:00Z'), week: '2026-07-06' });
  });
});
