import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { type PollResponse, type SaveOutcome, mergeResponse } from '../../../domain/response';
import { transaction } from './schema';

/**
 * The embedded store's writer of answers, in a worker thread of its own (responses.ts starts
 * it). A durable commit waits for the disk (synchronous=FULL: one fsync, 15 ms on a slow
 * one); here that wait no longer stops the bot's event loop, so the answers that arrive
 * meanwhile are read, checked and queued, and go together in the next commit. It has its own
 * connection to the same file: SQLite (WAL) lets the bot's connection read while this one
 * writes, and serialises writers.
 */
export interface WriteRequest {
  readonly responses: readonly PollResponse[];
}
export type WriteReply =
  | { readonly ok: true; readonly results: readonly { outcome: SaveOutcome; stored: PollResponse }[] }
  | { readonly ok: false; readonly message: string };

if (parentPort) {
  const port = parentPort;
  const db = new DatabaseSync((workerData as { file: string }).file);
  // As the bot's own connection (sqlite-store.ts): wait for a lock, overwrite what is deleted, and make every commit durable.
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA secure_delete = ON');
  db.exec('PRAGMA synchronous = FULL');
  const read = db.prepare('SELECT body FROM responses WHERE poll_id = ? AND respondent_key = ?');
  const upsert = db.prepare(
    `INSERT INTO responses (poll_id, respondent_key, answered_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (poll_id, respondent_key) DO UPDATE SET answered_at = excluded.answered_at, body = excluded.body`,
  );
  const saveOne = (response: PollResponse) => {
    const row = read.get(response.pollId, response.respondentKey) as { body: string } | undefined;
    const existing = row ? (JSON.parse(row.body) as PollResponse) : undefined;
    const { outcome, write: stored } = mergeResponse(existing, response);
    if (!stored) return { outcome, stored: existing! };
    upsert.run(stored.pollId, stored.respondentKey, stored.answeredAt, JSON.stringify(stored));
    return { outcome, stored };
  };
  port.on('message', (request: WriteRequest | 'close') => {
    if (request === 'close') {
      db.close();
      port.close();
      return;
    }
    let reply: WriteReply;
    try {
      // One transaction: all of the batch is stored, or none of it (and every caller is told).
      reply = { ok: true, results: transaction(db, () => request.responses.map(saveOne)) };
    } catch (error) {
      reply = { ok: false, message: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
}
