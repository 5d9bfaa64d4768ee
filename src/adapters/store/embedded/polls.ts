import type { DatabaseSync } from 'node:sqlite';
import type { PollRepository } from '../../../application/ports/poll-repository';
import type { Poll } from '../../../domain/poll';
import { type Guard, parseOptionalRow, parseRow } from './internal/rows';

const reminderDue = (poll: Poll): string | null => (poll.reminderAt && !poll.reminderSentAt ? poll.reminderAt : null);

export function sqlitePolls(db: DatabaseSync, guard: Guard): PollRepository {
  return {
    create: async (poll) =>
      guard(() => {
        db.prepare('INSERT INTO polls (id, status, closes_at, reminder_due, version, body) VALUES (?, ?, ?, ?, ?, ?)').run(
          poll.id,
          poll.status,
          poll.closesAt,
          reminderDue(poll),
          poll.version,
          JSON.stringify(poll),
        );
      }),
    get: async (id) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM polls WHERE id = ?').get(id) as { body: string } | undefined;
        return parseOptionalRow<Poll>(row);
      }),
    update: async (poll, expectedVersion) =>
      guard(() => {
        const result = db
          .prepare('UPDATE polls SET status = ?, closes_at = ?, reminder_due = ?, version = ?, body = ? WHERE id = ? AND version = ?')
          .run(poll.status, poll.closesAt, reminderDue(poll), poll.version, JSON.stringify(poll), poll.id, expectedVersion);
        return Number(result.changes) === 1;
      }),
    listDue: async (now) =>
      guard(() => {
        const rows = db
          .prepare(
            `SELECT body FROM polls WHERE status = 'open' AND (closes_at <= :now OR (reminder_due IS NOT NULL AND reminder_due <= :now))
             ORDER BY closes_at`,
          )
          .all({ now }) as { body: string }[];
        return rows.map(parseRow<Poll>);
      }),
    listByAuthor: async (aadObjectId, limit) =>
      guard(() => {
        // The polls_author index (migrations.ts): the same expression.
        const rows = db
          .prepare(
            `SELECT body FROM polls WHERE lower(json_extract(body, '$.author.aadObjectId')) = ?
             ORDER BY json_extract(body, '$.createdAt') DESC, id DESC LIMIT ?`,
          )
          .all(aadObjectId.toLowerCase(), limit) as { body: string }[];
        return rows.map(parseRow<Poll>);
      }),
    listOpenBetween: async (from, to) =>
      guard(() => {
        const rows = db
          .prepare(
            `SELECT body FROM polls WHERE json_extract(body, '$.createdAt') < :to
               AND coalesce(json_extract(body, '$.closedAt'), closes_at) > :from
             ORDER BY json_extract(body, '$.createdAt'), id`,
          )
          .all({ from, to }) as { body: string }[];
        return rows.map(parseRow<Poll>);
      }),
  };
}
