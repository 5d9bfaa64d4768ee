import type { DatabaseSync } from 'node:sqlite';
import type { ResponseRepository } from '../../../application/ports';
import { type PollResponse, type SaveOutcome, mergeResponse } from '../../../domain/response';
import { type Guard, parseOptionalRow, parseRow } from './rows';
import { transaction } from './schema';

const STREAM_PAGE = 1_000;

type Saved = { outcome: SaveOutcome; stored: PollResponse };

/** The responses repository, and a way to commit what it holds now (the store's close calls it). */
export type SqliteResponses = ResponseRepository & { flushPending(): void; forgetCounts(): void };

/**
 * Answers are saved by **group commit**: the saves that arrive together (in one turn of the
 * event loop) share one transaction, so one fsync (synchronous=FULL) makes them all durable, and
 * each caller hears back only after that commit. Under load that is a few hundred answers a
 * commit instead of one; alone, an answer waits one setImmediate.
 */
export function sqliteResponses(db: DatabaseSync, guard: Guard): SqliteResponses {
  const read = (pollId: string, key: string): PollResponse | undefined => {
    const row = db.prepare('SELECT body FROM responses WHERE poll_id = ? AND respondent_key = ?').get(pollId, key) as { body: string } | undefined;
    return parseOptionalRow<PollResponse>(row);
  };
  const upsert = db.prepare(
    `INSERT INTO responses (poll_id, respondent_key, answered_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (poll_id, respondent_key) DO UPDATE SET answered_at = excluded.answered_at, body = excluded.body`,
  );
  // Each poll's count, kept as answers are created: COUNT(*) walks the poll's rows, and every
  // answer's card shows the count. This process is the file's only writer; anything that deletes
  // responses (retention, an erasure) forgets the counts.
  const counts = new Map<string, number>();
  const saveOne = (response: PollResponse): Saved => {
    const existing = read(response.pollId, response.respondentKey);
    const { outcome, write: stored } = mergeResponse(existing, response);
    if (!stored) return { outcome, stored: existing! };
    upsert.run(stored.pollId, stored.respondentKey, stored.answeredAt, JSON.stringify(stored));
    const known = counts.get(stored.pollId);
    if (outcome === 'created' && known !== undefined) counts.set(stored.pollId, known + 1);
    return { outcome, stored };
  };
  let pending: { response: PollResponse; resolve: (saved: Saved) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  const flushPending = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    let results: Saved[];
    try {
      // One transaction: all of the batch is stored, or none of it (and every caller is told).
      results = guard(() => transaction(db, () => batch.map((p) => saveOne(p.response))));
    } catch (error) {
      counts.clear(); // the batch was rolled back: counts bumped inside it are wrong
      for (const p of batch) p.reject(error);
      return;
    }
    for (const [i, p] of batch.entries()) p.resolve(results[i]!);
  };
  return {
    flushPending,
    forgetCounts: () => counts.clear(),
    save: (response) =>
      new Promise<Saved>((resolve, reject) => {
        pending.push({ response, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flushPending);
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
