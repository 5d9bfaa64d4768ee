/**
 * A writer thread made to fail, for the embedded store's tests: the first worker started with
 * a given marker file throws at its first batch (an uncaught error: the thread dies); later
 * workers, once the marker exists, are the real writer thread (writer-thread.ts).
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const marker = (workerData as { file: string }).file + '.writer-failed-once';
if (!fs.existsSync(marker)) {
  parentPort!.once('message', () => {
    fs.writeFileSync(marker, '');
    throw new Error('the disk went away (a test made this writer fail)');
  });
} else {
  require('../../src/adapters/store/embedded/internal/writer-thread');
}
