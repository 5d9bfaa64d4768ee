import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../../../../application/store-error';

export const LOCK_FILE_NAME = 'ahp-pulse.lock';

/** Whether a process of this id is alive (signal 0 tests it without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process a DATA_DIR: the embedded store's counts, its writer thread and its slot leases are
 * one process's, so a second bot on the same folder would count and send wrongly. The lock file
 * names the process that holds it; a lock whose process has died is taken over. Returns the
 * release, for close().
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file, { force: true });
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw new StoreError(
        'ahp_pulse_store_unavailable',
        `Another AHP Pulse (process ${holder}) is using the embedded store in ${dataDir}. Stop it first, or give this one its own DATA_DIR; the embedded store is for one process (for several instances, use STORE=cosmos).`,
      );
    }
    // Its process has gone (or it is this one's): the lock is stale.
    fs.rmSync(file, { force: true });
  }
  throw new StoreError('ahp_pulse_store_unavailable', `The lock file ${file} could not be taken; remove it if no AHP Pulse is running on ${dataDir}.`);
}
