import { PulseError } from '../../domain/errors';
import { isoDate, ukDate } from '../../domain/uk-time';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { recordAudit } from '../audit-log';
import type { AnswerValue } from '../../domain/answer';
import { pollInWeek, resultsFinal } from '../../domain/digest';
import { parseWeekId } from '../../domain/digest-week';
import type { Poll } from '../../domain/poll';
import type { PollResponse } from '../../domain/response';
import type { Actor } from '../../domain/actor';
import type { CommandReply } from '../commands';
import type { DigestDeps } from './digest-deps';

/**
 * CSV exports of responses, for the strategy team's analysis. A poll's author or an admin asks
 * in personal chat and gets short-lived, single-use download links, signed with a key of their
 * own (EXPORT_LINK_SECRET; no export is stored): a link names what to export, for whom, and
 * until when, and the download checks all of it again, and who may still export what.
 * Exports follow a poll's visibility: results that show only once a poll closes are exported
 * only once it has closed; an anonymous poll answered by fewer than K is not exported at all.
 * Anonymous polls export no name, no id and no time of day; every export comes with a data
 * dictionary.
 */

export type ExportScope = { readonly kind: 'poll' | 'week'; readonly id: string };

interface LinkClaims {
  readonly s: ExportScope;
  /** Who asked. */
  readonly u: string;
  /** Expiry, ms since the epoch. */
  readonly e: number;
  /** The one file it downloads. */
  readonly f: ExportFile;
  /** Its single use: a random id, spent at the first download. */
  readonly n: string;
}

export type ExportFile = 'responses.csv' | 'dictionary.csv';

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function sign(secret: string, payload: string): string {
  return b64(createHmac('sha256', `export-links:${secret}`).update(payload).digest());
}

export function exportToken(secret: string, claims: LinkClaims): string {
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${sign(secret, payload)}`;
}

export type TokenCheck = { readonly ok: true; readonly claims: LinkClaims } | { readonly ok: false; readonly status: 403 | 410; readonly reason: string };

export function checkExportToken(secret: string, token: string, now: Date): TokenCheck {
  const [payload = '', signature = ''] = token.split('.');
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (!payload || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, status: 403, reason: 'This download link is not valid. Ask AHP Pulse for a new one ("export …" in personal chat).' };
  }
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, status: 403, reason: 'This download link is not valid.' };
  }
  if (
    typeof claims?.e !== 'number' ||
    typeof claims.n !== 'string' ||
    typeof claims.f !== 'string' ||
    typeof claims.u !== 'string' ||
    claims.e < now.getTime()
  ) {
    return { ok: false, status: 410, reason: 'This download link has expired. Ask AHP Pulse for a new one ("export …" in personal chat).' };
  }
  return { ok: true, claims };
}

export async function exportLinks(deps: DigestDeps, actor: Actor, scope: ExportScope, what: string): Promise<CommandReply> {
  const minutes = deps.settings.exportLinkMinutes;
  const expires = deps.clock.now().getTime() + minutes * 60_000;
  const link = (f: ExportFile) =>
    `${base}/${f}?link=${exportToken(deps.linkSecret, { s: scope, u: actor.aadObjectId.toLowerCase(), e: expires, f, n: randomBytes(12).toString('base64url') })}`;
  const base = `${deps.publicUrl()}/exports`;
  await recordAudit(deps, actor, 'export.issued', `${scope.kind} ${scope.id}`);
  return {
    kind: 'card',
    card: deps.presenter.noticeCard(
      'Your export is ready',
      [
        `${what}, as CSV, with a data dictionary that says what each column means.`,
        `Each link works once, for ${minutes} minutes. Do not forward them: whoever opens one first gets the file.`,
      ],
      [
        { title: 'Download CSV', url: link('responses.csv') },
        { title: 'Data dictionary', url: link('dictionary.csv') },
      ],
    ),
  };
}

export const EXPORT_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['poll_id', 'The poll the answer belongs to.', 'An id such as p1a2b3c4d5.'],
  ['poll_question', 'The question as asked.', 'Text.'],
  ['poll_kind', 'The kind of poll.', 'single, multi, agreement, rating, rank or open.'],
  ['poll_anonymous', 'Whether the poll was anonymous. Anonymous rows carry no name, no id and no time of day.', 'true or false.'],
  ['respondent_id', 'The Microsoft Entra object id of the person (named polls only).', 'A GUID; empty for anonymous polls.'],
  ['respondent_name', "The person's display name in Teams (named polls only).", 'Text; empty for anonymous polls.'],
  ['profession', 'The allied health profession the person had declared when answering.', 'An id from content/professions.json; empty if not declared.'],
  ['answered_on', 'The UK date of the latest answer.', 'YYYY-MM-DD.'],
  ['answered_at', 'The time of the latest answer (named polls only).', 'ISO 8601, UTC; empty for anonymous polls.'],
  ['changes', 'How many times the person changed their answer.', 'A whole number, 0 if never.'],
  ['choice', 'Single choice: the option picked.', 'An option id (for priorities, the priority id).'],
  ['choices', 'Multiple choice: the options picked.', 'Option ids separated by semicolons.'],
  ['agreement', 'Agreement: the level chosen.', 'strongly-agree, agree, neutral, disagree, strongly-disagree or not-sure.'],
  ['ratings', 'Rating: each option rated.', 'option=rating pairs (1 to 5) separated by semicolons.'],
  ['rank_1', 'Ranking: the option put first.', 'An option id.'],
  ['rank_2', 'Ranking: the option put second.', 'An option id.'],
  ['rank_3', 'Ranking: the option put third.', 'An option id.'],
  ['text', 'Open question: what the person wrote.', 'Text, up to 1,000 characters.'],
  ['text_priority', 'Open question: the draft priority the person tagged it with.', 'A priority id; empty if none.'],
];

/** One CSV field: quoted when needed, and never read by a spreadsheet as a formula. */
export function csvField(value: string): string {
  // A spreadsheet trims leading spaces (and non-breaking ones) before it looks for a formula.
  const safe = /^[\s\u00a0\u2000-\u200b\u3000\ufeff]*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;

export function dictionaryCsv(): string {
  return csvLine(['column', 'meaning', 'values']) + EXPORT_COLUMNS.map((c) => csvLine(c)).join('');
}

function answerFields(value: AnswerValue): Record<string, string> {
  switch (value.kind) {
    case 'single':
      return { choice: value.optionId };
    case 'multi':
      return { choices: value.optionIds.join(';') };
    case 'agreement':
      return { agreement: value.level };
    case 'rating':
      return {
        ratings: Object.entries(value.ratings)
          .map(([id, r]) => `${id}=${r}`)
          .join(';'),
      };
    case 'rank':
      return { rank_1: value.ranked[0] ?? '', rank_2: value.ranked[1] ?? '', rank_3: value.ranked[2] ?? '' };
    case 'open':
      return { text: value.text, text_priority: value.priorityId ?? '' };
  }
}

export function responseRow(poll: Poll, response: PollResponse): string {
  const named = !poll.anonymous;
  const fields: Record<string, string> = {
    poll_id: poll.id,
    poll_question: poll.question,
    poll_kind: poll.kind,
    poll_anonymous: String(poll.anonymous),
    respondent_id: named ? (response.aadObjectId ?? '') : '',
    respondent_name: named ? (response.name ?? '') : '',
    profession: response.profession ?? '',
    answered_on: isoDate(ukDate(new Date(response.answeredAt))),
    answered_at: named ? response.answeredAt : '',
    changes: String(response.revision),
    ...answerFields(response.value),
  };
  return csvLine(EXPORT_COLUMNS.map(([name]) => fields[name] ?? ''));
}

/**
 * Whether `who` may export this poll now, or why not: its author or an admin only; results
 * shown only after closing, only once closed; an anonymous poll only from K people up.
 */
export async function exportRefusal(
  deps: Pick<DigestDeps, 'store' | 'roles' | 'clock' | 'minRespondents'>,
  poll: Poll,
  who: string,
): Promise<string | undefined> {
  if (poll.author.aadObjectId.toLowerCase() !== who && !deps.roles.isAdmin(who)) return `Only the author of poll ${poll.id}, or an admin, can export it.`;
  if (
    (poll.visibility === 'after-close' || poll.visibility === 'after-answer') &&
    !resultsFinal({ ...poll, visibility: 'live' }, deps.clock.now().toISOString())
  ) {
    return `Poll ${poll.id} shows its results only once it closes, so it can be exported then.`;
  }
  if (poll.anonymous && (await deps.store.responses.count(poll.id)) < deps.minRespondents) {
    return `Poll ${poll.id} is anonymous and fewer than ${deps.minRespondents} people answered it: it is not exported, so no one can be picked out.`;
  }
  return undefined;
}

/** Writes the export's CSV a row at a time, only of polls `who` may export; throws ExportNotFound for a poll that does not exist or may not be exported. */
export async function writeExport(
  deps: Pick<DigestDeps, 'store' | 'roles' | 'clock' | 'minRespondents'>,
  scope: ExportScope,
  who: string,
  write: (chunk: string) => Promise<void> | void,
): Promise<void> {
  let polls: Poll[];
  let before: string | undefined;
  if (scope.kind === 'poll') {
    const poll = await deps.store.polls.get(scope.id);
    if (!poll) throw new ExportNotFound(`There is no poll ${scope.id}.`);
    const refusal = await exportRefusal(deps, poll, who);
    if (refusal) throw new ExportNotFound(refusal);
    polls = [poll];
  } else {
    const week = parseWeekId(scope.id);
    if ('problem' in week) throw new ExportNotFound(week.problem);
    polls = [];
    for (const poll of await deps.store.polls.listOpenBetween(week.startsAt, week.endsAt)) {
      if (pollInWeek(poll, week) && !(await exportRefusal(deps, poll, who))) polls.push(poll);
    }
    before = week.endsAt;
  }
  await write(csvLine(EXPORT_COLUMNS.map(([name]) => name)));
  for (const poll of polls) {
    for await (const response of deps.store.responses.stream(poll.id)) {
      if (before && response.firstAnsweredAt >= before) continue;
      await write(responseRow(poll, response));
    }
  }
}

export class ExportNotFound extends PulseError {
  constructor(message: string) {
    super('ahp_pulse_export_not_found', message);
  }
  override readonly name = 'ExportNotFound';
}

export function exportFileName(scope: ExportScope): string {
  return `ahp-pulse-${scope.kind}-${scope.id.replace(/[^A-Za-z0-9-]/g, '')}.csv`;
}

/** Where a download is written: the HTTP adapter implements it. */
export interface DownloadSink {
  fail(status: number, message: string): void;
  start(fileName: string): void;
  write(chunk: string): Promise<void>;
  end(): void;
}

/** GET /exports/<file>?link=<token>: checks the link, the file and that its holder may still export, spends the link, then streams it. */
export async function serveDownload(
  deps: Pick<DigestDeps, 'store' | 'clock' | 'roles' | 'linkSecret' | 'logger' | 'minRespondents' | 'pseudonym'>,
  token: string,
  file: string,
  sink: DownloadSink,
): Promise<void> {
  const check = checkExportToken(deps.linkSecret, token, deps.clock.now());
  if (!check.ok) return sink.fail(check.status, check.reason);
  const { s: scope, u: who } = check.claims;
  if (file !== 'responses.csv' && file !== 'dictionary.csv') return sink.fail(404, 'There is no such file: responses.csv or dictionary.csv.');
  if (file !== check.claims.f) return sink.fail(403, 'This link is for another file. Ask AHP Pulse for a new one ("export …" in personal chat).');
  if (!(await deps.roles.isLead(who))) return sink.fail(403, 'You are no longer a professional lead or admin, so this export is not available.');
  if (!(await deps.store.oneTimeTokens.use(check.claims.n, new Date(check.claims.e).toISOString()))) {
    return sink.fail(410, 'This download link has been used already: each works once. Ask AHP Pulse for a new one ("export …" in personal chat).');
  }
  if (file === 'dictionary.csv') {
    sink.start('ahp-pulse-data-dictionary.csv');
    await sink.write(dictionaryCsv());
    return sink.end();
  }
  let started = false;
  try {
    await writeExport(deps, scope, who, async (chunk) => {
      if (!started) {
        sink.start(exportFileName(scope));
        started = true;
      }
      await sink.write(chunk);
    });
    sink.end();
    const by = deps.pseudonym({ aadObjectId: who, userId: '' });
    deps.logger.info('Responses exported', { scope, by });
    await recordAudit({ ...deps, pseudonym: () => by }, { aadObjectId: who, userId: '' }, 'export.downloaded', `${scope.kind} ${scope.id}`);
  } catch (error) {
    if (!started && error instanceof ExportNotFound) return sink.fail(404, error.message);
    throw error;
  }
}
