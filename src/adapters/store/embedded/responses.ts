import type { DatabaseSync } from 'node:sqlite';
import type { ResponseRepository } from '../../../application/ports/response-repository';
import type { AnswerValue } from '../../../domain/answer';
import type { PollResponse, SaveOutcome } from '../../../domain/response';
import { type LegacyResponse, resealed } from '../legacy-participants';
import type { GroupWriter } from './internal/group-writer';
import { type Guard, parseOptionalRow, parseRow } from './internal/rows';
import { transaction } from './migrations';

const STREAM_PAGE = 1_000;

type Saved = { outcome: SaveOutcome; stored: PollResponse };

/** The responses repository, and a way to forget its counts (after anything that deletes responses). */
export type SqliteResponses = ResponseRepository & { forgetCounts(): void };

/**
 * Answers are saved by group commit, in the writer thread (group-writer.ts): the answers that
 * arrive while one commit waits for the disk share the next one, and each caller hears back
 * only after its commit.
 */
export function sqliteResponses(db: DatabaseSync, guard: Guard, writer: GroupWriter): SqliteResponses {
  const read = (pollId: string, key: string): PollResponse | undefined => {
    const row = db.prepare('SELECT body FROM responses WHERE poll_id = ? AND respondent_key = ?').get(pollId, key) as { body: string } | undefined;
    return parseOptionalRow<PollResponse>(row);
  };
  // Each poll's count, kept as answers are created: COUNT(*) walks the poll's rows, and every
  // answer's card shows the count. This process is the file's only writer; anything that deletes
  // responses (retention, an erasure) forgets the counts, and so does a failed commit.
  const counts = new Map<string, number>();
  return {
    forgetCounts: () => counts.clear(),
    save: async (response) => {
      const saved = (await writer.write({ kind: 'saveResponse', response })) as Saved;
      const known = counts.get(saved.stored.pollId);
      if (saved.outcome === 'created' && known !== undefined) counts.set(saved.stored.pollId, known + 1);
      return saved;
    },
    get: async (pollId, key) => guard(() => read(pollId, key)),
    // The responses_person index (migrations.ts): the same expression, and the same WHERE as its partial index.
    listNamed: async (aadObjectId) =>
      guard(() =>
        (
          db
            .prepare(
              "SELECT body FROM responses WHERE json_extract(body, '$.aadObjectId') IS NOT NULL AND lower(json_extract(body, '$.aadObjectId')) = ? ORDER BY poll_id",
            )
            .all(aadObjectId.toLowerCase()) as { body: string }[]
        ).map(parseRow<PollResponse>),
      ),
    // By the primary key, many pairs a statement.
    getMany: async (keys) =>
      guard(() => {
        const found: PollResponse[] = [];
        for (let i = 0; i < keys.length; i += 400) {
          const batch = keys.slice(i, i + 400);
          const rows = db
            .prepare(`SELECT body FROM responses WHERE (poll_id, respondent_key) IN (VALUES ${batch.map(() => '(?, ?)').join(', ')})`)
            .all(...batch.flatMap((k) => [k.pollId, k.respondentKey])) as { body: string }[];
          found.push(...rows.map(parseRow<PollResponse>));
        }
        return found;
      }),
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
    // Kept counted by the schema's triggers as responses are written, changed and deleted.
    countAnswers: async function* (pollId) {
      const groups = guard(() => db.prepare('SELECT answer, n FROM answer_counts WHERE poll_id = ? AND n > 0').all(pollId) as { answer: string; n: number }[]);
      for (const group of groups) yield { value: JSON.parse(group.answer) as AnswerValue, count: Number(group.n) };
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
    // A batch a transaction, so answers keep flowing between batches on a big store.
    resealLegacyParticipants: async (reseal) => {
      let changed = 0;
      for (;;) {
        const batch = guard(() =>
          transaction(db, () => {
            const rows = db
              .prepare("SELECT poll_id, respondent_key, body FROM responses WHERE json_extract(body, '$.participantKey') IS NOT NULL LIMIT 500")
              .all() as { poll_id: string; respondent_key: string; body: string }[];
            const update = db.prepare('UPDATE responses SET body = ? WHERE poll_id = ? AND respondent_key = ?');
            for (const row of rows) update.run(JSON.stringify(resealed(JSON.parse(row.body) as LegacyResponse, reseal)), row.poll_id, row.respondent_key);
            return rows.length;
          }),
        );
        changed += batch;
        if (batch < 500) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (changed > 0) counts.clear();
      return changed;
    },
  };
}
