import { parseRow, parseOptionalRow } from './rows';
import type { DatabaseSync } from 'node:sqlite';
import type { LeadGrant, LeadRepository, PollRepository, ProfileRepository, ResponseRepository } from '../../../application/ports';
import type { Poll } from '../../../domain/poll';
import { type PollResponse, type Profile, mergeResponse } from '../../../domain/response';

/**
 * Polls, responses and profiles in SQLite. Each method runs synchronously between awaits, so
 * a read-then-write inside one call cannot interleave with another call: that is what makes
 * a response upsert and a versioned poll update atomic here.
 */
type Guard = <T>(work: () => T) => T;

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

export function sqliteLeads(db: DatabaseSync, guard: Guard): LeadRepository {
  return {
    list: async () => guard(() => (db.prepare('SELECT body FROM leads ORDER BY aad_object_id').all() as { body: string }[]).map(parseRow<LeadGrant>)),
    get: async (id) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM leads WHERE aad_object_id = ?').get(id) as { body: string } | undefined;
        return parseOptionalRow<LeadGrant>(row);
      }),
    save: async (grant) =>
      guard(() => {
        db.prepare('INSERT INTO leads (aad_object_id, body) VALUES (?, ?) ON CONFLICT (aad_object_id) DO UPDATE SET body = excluded.body').run(
          grant.aadObjectId,
          JSON.stringify(grant),
        );
      }),
    remove: async (id) => guard(() => Number(db.prepare('DELETE FROM leads WHERE aad_object_id = ?').run(id).changes) === 1),
  };
}

export function sqliteProfiles(db: DatabaseSync, guard: Guard): ProfileRepository {
  return {
    get: async (aadObjectId) =>
      guard(() => {
        const row = db.prepare('SELECT body FROM profiles WHERE aad_object_id = ?').get(aadObjectId) as { body: string } | undefined;
        return parseOptionalRow<Profile>(row);
      }),
    save: async (profile) =>
      guard(() => {
        db.prepare('INSERT INTO profiles (aad_object_id, body) VALUES (?, ?) ON CONFLICT (aad_object_id) DO UPDATE SET body = excluded.body').run(
          profile.aadObjectId,
          JSON.stringify(profile),
        );
      }),
  };
}
