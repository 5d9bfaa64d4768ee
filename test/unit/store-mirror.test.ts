import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/app-package/project-root';

const { storeMirrorProblems } = require(path.join(PROJECT_ROOT, 'scripts/check-store-mirror.cjs')) as { storeMirrorProblems: (root: string) => string[] };

describe('The two stores mirror each other (npm run lint checks it)', () => {
  it('embedded/ and cosmos/ list the same files, with one file for each repository of the Store port', () => {
    assert.deepEqual(storeMirrorProblems(PROJECT_ROOT), []);
  });

  it('names what one store has and the other lacks, and a repository with no file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ahp-mirror-'));
    try {
      for (const dir of ['src/application/ports', 'src/adapters/store']) fs.mkdirSync(path.join(root, dir), { recursive: true });
      fs.copyFileSync(path.join(PROJECT_ROOT, 'src/application/ports/store.ts'), path.join(root, 'src/application/ports/store.ts'));
      for (const store of ['embedded', 'cosmos'])
        fs.cpSync(path.join(PROJECT_ROOT, 'src/adapters/store', store), path.join(root, 'src/adapters/store', store), { recursive: true });
      fs.rmSync(path.join(root, 'src/adapters/store/cosmos/slot-leases.ts'));
      fs.writeFileSync(path.join(root, 'src/adapters/store/embedded/extra.ts'), '');
      assert.deepEqual(storeMirrorProblems(root).sort(), [
        "cosmos/ has no slot-leases.ts for the Store's slotLeases",
        'embedded/extra.ts has no cosmos/extra.ts',
        'embedded/slot-leases.ts has no cosmos/slot-leases.ts',
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
