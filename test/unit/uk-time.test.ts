import assert from 'node:assert/strict';
import { formatUkTime, nextUkTime, ukInstant } from '../../src/domain/uk-time';

describe('UK time', () => {
  describe('closing times', () => {
    it('are shown in UK time, in winter (GMT)', () => {
      assert.equal(formatUkTime('2026-12-01T17:00:00.000Z'), 'Tue 1 Dec at 17:00');
    });

    it('are shown in UK time, in summer (BST)', () => {
      assert.equal(formatUkTime('2026-07-01T16:30:00.000Z'), 'Wed 1 Jul at 17:30');
    });
  });

  describe('"tomorrow at 09:00" and "Monday at 09:00"', () => {
    const at = (iso: string) => new Date(iso);
    const tomorrow = (now: string) => nextUkTime(at(now), 'tomorrow', 9, 0).toISOString();
    const monday = (now: string) => nextUkTime(at(now), 'monday', 9, 0).toISOString();

    it('is the UK date after today just after midnight in summer, when the UTC date is still yesterday', () => {
      // 00:30 BST on Wednesday 1 July is 23:30 UTC on Tuesday 30 June.
      assert.equal(tomorrow('2026-06-30T23:30:00Z'), '2026-07-02T08:00:00.000Z', 'Thursday 09:00 BST');
      assert.equal(tomorrow('2026-07-01T22:59:00Z'), '2026-07-02T08:00:00.000Z', '23:59 BST Wednesday: still Thursday');
    });

    it('is the next Monday, a week on when asked on a Monday, even in the hour after midnight in summer', () => {
      // 00:30 BST on Monday 6 July is 23:30 UTC on Sunday 5 July.
      assert.equal(monday('2026-07-05T23:30:00Z'), '2026-07-13T08:00:00.000Z');
      assert.equal(monday('2026-07-06T08:00:00Z'), '2026-07-13T08:00:00.000Z', 'Monday morning: next week too');
      assert.equal(monday('2026-07-05T22:30:00Z'), '2026-07-06T08:00:00.000Z', '23:30 BST on Sunday: tomorrow');
    });

    it('keeps 09:00 across both clock changes', () => {
      // Spring forward: Sunday 29 March 2026 01:00 GMT -> 02:00 BST.
      assert.equal(tomorrow('2026-03-28T12:00:00Z'), '2026-03-29T08:00:00.000Z', 'Sunday 09:00 BST');
      assert.equal(monday('2026-03-28T12:00:00Z'), '2026-03-30T08:00:00.000Z');
      // Fall back: Sunday 25 October 2026 02:00 BST -> 01:00 GMT.
      assert.equal(tomorrow('2026-10-24T23:30:00Z'), '2026-10-26T09:00:00.000Z', '00:30 BST Sunday -> Monday 09:00 GMT');
      assert.equal(tomorrow('2026-10-24T12:00:00Z'), '2026-10-25T09:00:00.000Z', 'Sunday 09:00 GMT');
    });
  });

  it('finds the instant of a UK wall-clock time on either side of a clock change', () => {
    assert.equal(new Date(ukInstant({ y: 2026, m: 3, d: 29 }, 0, 0)).toISOString(), '2026-03-29T00:00:00.000Z');
    assert.equal(new Date(ukInstant({ y: 2026, m: 3, d: 30 }, 0, 0)).toISOString(), '2026-03-29T23:00:00.000Z');
    assert.equal(new Date(ukInstant({ y: 2026, m: 10, d: 26 }, 0, 0)).toISOString(), '2026-10-26T00:00:00.000Z');
  });
});
