import assert from 'node:assert/strict';
import { formatClosing } from '../../src/application/polls/time';

describe('Closing times', () => {
  it('are shown in UK time, in winter (GMT)', () => {
    assert.equal(formatClosing('2026-12-01T17:00:00.000Z'), 'Tue 1 Dec at 17:00');
  });

  it('are shown in UK time, in summer (BST)', () => {
    assert.equal(formatClosing('2026-07-01T16:30:00.000Z'), 'Wed 1 Jul at 17:30');
  });
});
