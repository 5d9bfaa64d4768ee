import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { StoreError } from '../../../../application/store-error';
import type { Guard } from './rows';
import type { WriteOp, WriteReply, WriteResult } from './writer-thread';

/** At most this many writes go in one commit, so that one message to the writer stays small. */
const MAX_BATCH = 1_000;
/** How long close() waits for queued commits, and then for the writer to exit, before it gives up on them. */
const CLOSE_WAIT_MS = 5_000;
/** Waits before each restart of a writer that died, the last repeated: a writer that keeps dying is not restarted in a tight loop. */
const RESTART_BACKOFF_MS: readonly number[] = [100, 500, 2_000, 5_000];

export interface GroupWriter {
  /** Resolves once `op` is committed (durably), with its result; rejects if its commit failed, or at once while the writer is down. */
  write(op: WriteOp): Promise<WriteResult>;
  /** Undefined while the writer runs; else why it is down (it is being restarted). */
  down(): StoreError | undefined;
  /** Commits what is queued (waiting at most a few seconds), then closes the writer's connection. */
  close(): Promise<void>;
}

export interface GroupWriterOptions {
  /** The writer thread's script (writer-thread.js); a test gives one made to fail. */
  readonly script?: string;
  readonly restartBackoffMs?: readonly number[];
}

/**
 * **Group commit**, in the writer thread (writer-thread.ts): while one commit waits for the
 * disk, the writes arriving meanwhile queue, and then share the next transaction, so one fsync
 * (synchronous=FULL) makes them all durable. Each caller hears back only after its commit.
 * Alone, a write waits one setImmediate and one commit. `onFailed` hears of a batch rolled back.
 *
 * If the writer thread dies (an error, or an exit it was not asked for), every write waiting
 * on it is refused with a StoreError, and so is every write until a new writer has started,
 * after a backoff; down() says so meanwhile (the store's ping, and so /readyz, fails), and
 * close() never waits on a dead writer.
 */
export function groupWriter(file: string, guard: Guard, onFailed: () => void, options: GroupWriterOptions = {}): GroupWriter {
  type Waiting = { op: WriteOp; resolve: (result: WriteResult) => void; reject: (error: unknown) => void };
  const script = options.script ?? path.join(__dirname, 'writer-thread.js');
  const backoff = options.restartBackoffMs ?? RESTART_BACKOFF_MS;
  let pending: Waiting[] = [];
  let inFlight: Waiting[] | undefined;
  let scheduled = false;
  let drained: (() => void) | undefined;
  let closing = false;
  let dead: StoreError | undefined;
  let restarts = 0;
  let writer: Worker;

  const translated = (message: string): unknown => {
    try {
      // Through the store's guard, which names the store and reads SQLite's message (locked, corrupt, read-only).
      guard(() => {
        throw new Error(message);
      });
    } catch (error) {
      return error;
    }
  };
  const send = () => {
    scheduled = false;
    if (inFlight || pending.length === 0 || dead) {
      if (!inFlight) drained?.();
      return;
    }
    inFlight = pending.slice(0, MAX_BATCH);
    pending = pending.slice(MAX_BATCH);
    try {
      writer.postMessage({ ops: inFlight.map((w) => w.op) });
    } catch (error) {
      // A batch that cannot be sent (it cannot be copied to the thread) fails alone; the writer is fine.
      onFailed();
      for (const w of inFlight) w.reject(error);
      inFlight = undefined;
      send();
    }
  };
  const fail = (worker: Worker, why: string) => {
    if (worker !== writer || dead) return; // an old writer's late exit, or its exit after its error
    dead = new StoreError(
      'ahp_pulse_store_unavailable',
      `The embedded store's writer thread stopped (${why}), so answers cannot be saved just now; please try again.`,
    );
    onFailed();
    for (const w of [...(inFlight ?? []), ...pending]) w.reject(dead);
    inFlight = undefined;
    pending = [];
    drained?.();
    if (closing) return;
    const wait = backoff[Math.min(restarts, backoff.length - 1)] ?? 1_000;
    restarts++;
    setTimeout(() => {
      if (closing) return;
      start();
      dead = undefined;
    }, wait).unref();
  };
  const start = () => {
    const worker = new Worker(script, { workerData: { file } });
    writer = worker;
    worker.unref(); // it never keeps the process alive; close() waits for its commits
    worker.on('message', (reply: WriteReply) => {
      if (worker !== writer) return;
      const batch = inFlight ?? [];
      inFlight = undefined;
      if (reply.ok) {
        restarts = 0;
        for (const [i, w] of batch.entries()) w.resolve(reply.results[i]!);
      } else {
        onFailed();
        const error = translated(reply.message);
        for (const w of batch) w.reject(error);
      }
      send();
    });
    worker.on('error', (error) => fail(worker, error.message));
    worker.on('exit', (code) => {
      if (!closing) fail(worker, `it exited with code ${code}`);
    });
  };
  start();

  const within = <T>(work: Promise<T>, ms: number) =>
    Promise.race([work, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);
  return {
    write: (op) =>
      new Promise<WriteResult>((resolve, reject) => {
        guard(() => undefined); // a closed store refuses at once
        if (dead) throw dead; // and so does a store whose writer is down
        pending.push({ op, resolve, reject });
        if (!scheduled && !inFlight) {
          scheduled = true;
          setImmediate(send);
        }
      }),
    down: () => dead,
    close: async () => {
      closing = true;
      if (!dead && (inFlight || pending.length > 0)) await within(new Promise<void>((resolve) => (drained = resolve)), CLOSE_WAIT_MS);
      if (dead) return;
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      writer.ref(); // the process waits for the writer to close its connection
      writer.postMessage('close');
      if ((await within(exited, CLOSE_WAIT_MS)) === 'timeout') await writer.terminate();
    },
  };
}
