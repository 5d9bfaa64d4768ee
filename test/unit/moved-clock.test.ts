import assert from 'node:assert/strict';
import path from 'node:path';

// The script CI runs the suites again with (scripts/test-at.cjs), from dist/test/unit.
const { defaultInstant } = require(path.resolve(__dirname, '../../../scripts/test-at.cjs')) as { defaultInstant: (now?: Date) => Date };

const DAY = 86_400_000;
/** Minutes UK time is ahead of UTC at an instant. */
function ukOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  return ((hour - at.getUTCHours() + 24) % 24) * 60;
}

describe('The moved clock CI runs the suites on (npm run test:at)', () => {
  for (const today of ['2026-12-01T21:00:00Z', '2027-06-15T08:00:00Z', '2028-02-29T12:00:00Z', '2031-10-26T00:30:00Z']) {
    it(`from ${today.slice(0, 10)}: about 400 days on, five minutes before a UK clock change`, () => {
      const now = new Date(today);
      const at = defaultInstant(now);
      const days = (at.getTime() - now.getTime()) / DAY;
      // Clock changes are five and seven months apart, so the nearest is at most 107 days from day 400.
      assert.ok(days > 290 && days < 510, `${days} days on`);
      assert.notEqual(ukOffsetMinutes(at), ukOffsetMinutes(new Date(at.getTime() + 10 * 60_000)), 'the clocks change during the run');
      assert.equal(ukOffsetMinutes(at), ukOffsetMinutes(new Date(at.getTime() - 60 * 60_000)), 'not already changed');
    });
  }
});
