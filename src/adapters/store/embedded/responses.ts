import type { DatabaseSync } from 'node:sqlite';
import type { ResponseRepository } from '../../../application/ports';
import type { PollResponse, SaveOutcome } from '../../../domain/response';
import { type Guard, parseOptionalRow, parseRow } from './rows';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WriteReply, WriteRequest } from './response-writer';

const STREAM_PAGE = 1_000;

type Saved = { outcome: SaveOutcome; stored: PollResponse };

/** The responses repository, and a way to finish the commits under way (the store's close calls it). */
export type SqliteResponses = ResponseRepository & { close(): Promise<void>; forgetCounts(): void };

/** At most this many answers go in one commit, so that one message to the writer stays small. */
const MAX_BATCH = 1_000;

/**
 * Answers are saved by **group commit**, in the writer thread (response-writer.ts): while one
 * commit waits for the disk, the answers arriving meanwhile queue, and then share the next
 * transaction, so one fsync (synchronous=FULL) makes them all durable. Each caller hears back
 * only after its commit. Alone, an answer waits one setImmediate and one commit.
 */
export function sqliteResponses(db: DatabaseSync, guard: Guard, file: string): SqliteResponses {
  const read = (pollId: string, key: string): PollResponse | undefined => {
    const row = db.prepare('SELECT body FROM responses WHERE poll_id = ? AND respondent_key = ?').get(pollId, key) as { body: string } | undefined;
    return parseOptionalRow<PollResponse>(row);
  };
  // Each poll's count, kept as answers are created: COUNT(*) walks the poll's rows, and every
  // answer's card shows the count. This process is the file's only writer; anything that deletes
  // responses (retention, an erasure) forgets the counts.
  const counts = new Map<string, number>();
  type Waiting = { response: PollResponse; resolve: (saved: Saved) => void; reject: (error: unknown) => void };
  let pending: Waiting[] = [];
  let inFlight: Waiting[] | undefined;
  let scheduled = false;
  let drained: (() => void) | undefined;
  const writer = new Worker(path.join(__dirname, 'response-writer.js'), { workerData: { file } });
  writer.unref(); // it never keeps the process alive; close() waits for its commits
  const failAll = (error: unknown) => {
    counts.clear(); // a batch was rolled back: counts bumped for it are wrong
    for (const w of [...(inFlight ?? []), ...pending]) w.reject(error);
    inFlight = undefined;
    pending = [];
    drained?.();
  };
  const send = () => {
    scheduled = false;
    if (inFlight || pending.length === 0) {
      if (!inFlight) drained?.();
      return;
    }
    inFlight = pending.slice(0, MAX_BATCH);
    pending = pending.slice(MAX_BATCH);
    writer.postMessage({ responses: inFlight.map((w) => w.response) } satisfies WriteRequest);
  };
  writer.on('message', (reply: WriteReply) => {
    const batch = inFlight ?? [];
    inFlight = undefined;
    if (reply.ok) {
      for (const [i, w] of batch.entries()) {
        const saved = reply.results[i]!;
        const known = counts.get(saved.stored.pollId);
        if (saved.outcome === 'created' && known !== undefined) counts.set(saved.stored.pollId, known + 1);
        w.resolve(saved);
      }
    } else {
      counts.clear();
      let error: unknown;
      try {
        guard(() => {
          throw new Error(reply.message);
        });
      } catch (translated) {
        error = translated;
      }
      for (const w of batch) w.reject(error);
    }
    send();
  });
  writer.on('error', failAll);
  return {
    close: async () => {
      if (inFlight || pending.length > 0) await new Promise<void>((resolve) => (drained = resolve));
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      writer.ref(); // the process waits for the writer to close its connection
      writer.postMessage('close');
      await exited;
    },
    forgetCounts: () => counts.clear(),
    save: (response) =>
      new Promise<Saved>((resolve, reject) => {
        guard(() => undefined); // a closed store refuses at once
        pending.push({ response, resolve, reject });
        if (!scheduled && !inFlight) {
          scheduled = true;
          setImmediate(send);
        }
      }),
    get: async (pollId, key) => guard(() => read(pollId, key)),
    list: async (pollId) =>
      guard(() => {
        const rows = db.prepare('SELECT body FROM responses WHERE poll_id = ? ORDER BY respondent_key').all(pollId) as { body: string }[];
        return rows.map(parseRow<PollResponse>);
      }),
    // Pages by key rather than one open cursor, so answers written meanwhile never disturb it.
    stream: async function* (pollId) {
      let after = '';
      for (;;) {
        const rows = guard(
          () =>
            db
              .prepare('SELECT respondent_key AS k, body FROM responses WHERE poll_id = ? AND respondent_key > ? ORDER BY respondent_key LIMIT ?')
              .all(pollId, after, STREAM_PAGE) as { k: string; body: string }[],
        );
        for (const row of rows) yield parseRow<PollResponse>(row);
        if (rows.length < STREAM_PAGE) return;
        after = rows.at(-1)!.k;
        // SQLite answers synchronously: let the event loop in between pages, so a digest over
        // a big poll never keeps Teams' requests waiting.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    count: async (pollId) =>
      guard(() => {
        const known = counts.get(pollId);
        if (known !== undefined) return known;
        const row = db.prepare('SELECT COUNT(*) AS n FROM responses WHERE poll_id = ?').get(pollId) as { n: number };
        counts.set(pollId, Number(row.n));
        return Number(row.n);
      }),
    purgeAnsweredBefore: async (cutoff) =>
      guard(() => {
        counts.clear();
        return Number(db.prepare('DELETE FROM responses WHERE answered_at < ?').run(cutoff).changes);
      }),
  };
}
