import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Guard } from './rows';
import type { WriteOp, WriteReply, WriteResult } from './writer-thread';

/** At most this many writes go in one commit, so that one message to the writer stays small. */
const MAX_BATCH = 1_000;

export interface GroupWriter {
  /** Resolves once `op` is committed (durably), with its result; rejects if its commit failed. */
  write(op: WriteOp): Promise<WriteResult>;
  /** Commits what is queued, then closes the writer's connection. */
  close(): Promise<void>;
}

/**
 * **Group commit**, in the writer thread (writer-thread.ts): while one commit waits for the
 * disk, the writes arriving meanwhile queue, and then share the next transaction, so one fsync
 * (synchronous=FULL) makes them all durable. Each caller hears back only after its commit.
 * Alone, a write waits one setImmediate and one commit. `onFailed` hears of a batch rolled back.
 */
export function groupWriter(file: string, guard: Guard, onFailed: () => void): GroupWriter {
  type Waiting = { op: WriteOp; resolve: (result: WriteResult) => void; reject: (error: unknown) => void };
  let pending: Waiting[] = [];
  let inFlight: Waiting[] | undefined;
  let scheduled = false;
  let drained: (() => void) | undefined;
  const writer = new Worker(path.join(__dirname, 'writer-thread.js'), { workerData: { file } });
  writer.unref(); // it never keeps the process alive; close() waits for its commits
  const send = () => {
    scheduled = false;
    if (inFlight || pending.length === 0) {
      if (!inFlight) drained?.();
      return;
    }
    inFlight = pending.slice(0, MAX_BATCH);
    pending = pending.slice(MAX_BATCH);
    writer.postMessage({ ops: inFlight.map((w) => w.op) });
  };
  const translated = (message: string): unknown => {
    try {
      guard(() => {
        throw new Error(message);
      });
    } catch (error) {
      return error;
    }
  };
  writer.on('message', (reply: WriteReply) => {
    const batch = inFlight ?? [];
    inFlight = undefined;
    if (reply.ok) {
      for (const [i, w] of batch.entries()) w.resolve(reply.results[i]!);
    } else {
      onFailed();
      const error = translated(reply.message);
      for (const w of batch) w.reject(error);
    }
    send();
  });
  writer.on('error', (error) => {
    onFailed();
    for (const w of [...(inFlight ?? []), ...pending]) w.reject(error);
    inFlight = undefined;
    pending = [];
    drained?.();
  });
  return {
    write: (op) =>
      new Promise<WriteResult>((resolve, reject) => {
        guard(() => undefined); // a closed store refuses at once
        pending.push({ op, resolve, reject });
        if (!scheduled && !inFlight) {
          scheduled = true;
          setImmediate(send);
        }
      }),
    close: async () => {
      if (inFlight || pending.length > 0) await new Promise<void>((resolve) => (drained = resolve));
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      writer.ref(); // the process waits for the writer to close its connection
      writer.postMessage('close');
      await exited;
    },
  };
}
