import type { DatabaseSync } from 'node:sqlite';
import type { ResponseRepository } from '../../../application/ports';
import { type PollResponse, mergeResponse } from '../../../domain/response';
import { type Guard, parseOptionalRow, parseRow } from './rows';

const STREAM_PAGE = 1_000;

export function sqliteResponses(db: DatabaseSync, guard: Guard): ResponseRepository {
  const read = (pollId: string, key: string): PollResponse | undefined => {
    const row = db.prepare('SELECT body FROM responses WHERE poll_id = ? AND respondent_key = ?').get(pollId, key) as { body: string } | undefined;
    return parseOptionalRow<PollResponse>(row);
  };
  return {
    save: async (response) =>
      guard(() => {
        const existing = read(response.pollId, response.respondentKey);
        const { outcome, write: stored } = mergeResponse(existing, response);
        if (!stored) return { outcome, stored: existing! };
        db.prepare(
          `INSERT INTO responses (poll_id, respondent_key, answered_at, body) VALUES (?, ?, ?, ?)
           ON CONFLICT (poll_id, respondent_key) DO UPDATE SET answered_at = excluded.answered_at, body = excluded.body`,
        ).run(stored.pollId, stored.respondentKey, stored.answeredAt, JSON.stringify(stored));
        return { outcome, stored };
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
        const row = db.prepare('SELECT COUNT(*) AS n FROM responses WHERE poll_id = ?').get(pollId) as { n: number };
        return Number(row.n);
      }),
    purgeAnsweredBefore: async (cutoff) => guard(() => Number(db.prepare('DELETE FROM responses WHERE answered_at < ?').run(cutoff).changes)),
  };
}
