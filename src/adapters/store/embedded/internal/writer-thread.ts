import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { mergeResponse, type PollResponse, type SaveOutcome } from '../../../../domain/response';
import { transaction } from '../migrations';

/**
 * The embedded store's writer thread (group-writer.ts starts it): the writes that come many at
 * a time, answers and the outbox's outcomes, are committed here. A durable commit waits for
 * the disk (synchronous=FULL: one fsync, 15 ms on a slow one); here that wait no longer stops
 * the bot's event loop, so the writes that arrive meanwhile are queued and go together in the
 * next commit. It has its own connection to the same file: SQLite (WAL) lets the bot's
 * connection read while this one writes, and serialises writers.
 */
export type WriteOp =
  | { readonly kind: 'saveResponse'; readonly response: PollResponse }
  /** A delivery's outcome, written only while `owner` still holds its claim. */
  | { readonly kind: 'settleDelivery'; readonly params: readonly (string | null)[]; readonly owner: string };
export type WriteResult = { readonly outcome: SaveOutcome; readonly stored: PollResponse } | { readonly settled: boolean };
export type WriteReply = { readonly ok: true; readonly results: readonly WriteResult[] } | { readonly ok: false; readonly message: string };

if (parentPort) {
  const port = parentPort;
  const db = new DatabaseSync((workerData as { file: string }).file);
  // As the bot's own connection (embedded/store.ts): wait for a lock, overwrite what is deleted, and make every commit durable.
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA secure_delete = ON');
  db.exec('PRAGMA synchronous = FULL');
  const readResponse = db.prepare('SELECT body FROM responses WHERE poll_id = ? AND respondent_key = ?');
  const upsertResponse = db.prepare(
    `INSERT INTO responses (poll_id, respondent_key, answered_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (poll_id, respondent_key) DO UPDATE SET answered_at = excluded.answered_at, body = excluded.body`,
  );
  const settleDelivery = db.prepare(
    `UPDATE deliveries SET subject = ?, status = ?, not_before = ?, lease_until = ?, claimed_by = ?, body = ?
     WHERE id = ? AND status = 'sending' AND claimed_by = ?`,
  );
  const apply = (op: WriteOp): WriteResult => {
    if (op.kind === 'settleDelivery') return { settled: Number(settleDelivery.run(...op.params, op.owner).changes) === 1 };
    const { response } = op;
    const row = readResponse.get(response.pollId, response.respondentKey) as { body: string } | undefined;
    const existing = row ? (JSON.parse(row.body) as PollResponse) : undefined;
    const { outcome, write: stored } = mergeResponse(existing, response);
    if (!stored) return { outcome, stored: existing! };
    upsertResponse.run(stored.pollId, stored.respondentKey, stored.answeredAt, JSON.stringify(stored));
    return { outcome, stored };
  };
  port.on('message', (request: { ops: readonly WriteOp[] } | 'close') => {
    if (request === 'close') {
      db.close();
      port.close();
      return;
    }
    let reply: WriteReply;
    try {
      // One transaction: all of the batch is stored, or none of it (and every caller is told).
      reply = { ok: true, results: transaction(db, () => request.ops.map(apply)) };
    } catch (error) {
      reply = { ok: false, message: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
}
