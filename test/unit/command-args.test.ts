import assert from 'node:assert/strict';
import { readCommandArgs } from '../../src/application/routing/command-args';

describe("A command's key=value choices", () => {
  it('keeps everything after the first "=", as written, and matches keys without regard to case', () => {
    const args = readCommandArgs(['top-priority', 'TO=AHP Community', 'at=2026-12-01T09:00Z', 'note=a=b', 'Closes=3d']);
    assert.deepEqual(args.words, ['top-priority']);
    assert.deepEqual(
      [...args.choices],
      [
        ['to', 'AHP Community'],
        ['at', '2026-12-01T09:00Z'],
        ['note', 'a=b'],
        ['closes', '3d'],
      ],
    );
    assert.deepEqual(args.malformed, []);
  });

  it('sets apart a bare "=" value or key, so the command can say what is wrong', () => {
    assert.deepEqual(readCommandArgs(['closes=', '=3d', 'rank']).malformed, ['closes=', '=3d']);
  });
});
