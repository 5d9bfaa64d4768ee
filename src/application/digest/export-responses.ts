import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { pollInWeek, resultsFinal } from '../../domain/digest/builder';
import { parseWeekId } from '../../domain/digest/week';
import { PulseError } from '../../domain/errors';
import type { Poll } from '../../domain/poll';
import type { PollResponse } from '../../domain/response';
import type { DownloadSink } from '../ports/download-sink';
import { recordAudit } from '../record-audit';
import { cardReply, type Reply } from '../routing/reply';
import type { DigestDeps } from './digest-deps';
import { csvLine, dictionaryCsv, EXPORT_COLUMNS, professionsShown, responseRow } from './export-csv';

/**
 * CSV exports of responses, for the strategy team's analysis. A poll's author or an admin asks
 * in personal chat and gets short-lived, single-use download links, signed with a key of their
 * own (EXPORT_LINK_SECRET; no export is stored): a link names what to export, for whom, and
 * until when, and the download checks all of it again, and who may still export what.
 * Exports follow a poll's visibility: results that show only once a poll closes are exported
 * only once it has closed; an anonymous poll answered by fewer than K is not exported at all.
 * Anonymous polls export no name, no id, no day or time (the UK week only), no count of
 * changes, and a profession only where K or more of the poll's people share it (with the
 * digest's complementary suppression, so a rare profession cannot be worked out from the rest);
 * every export comes with a data dictionary.
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

export async function exportLinks(deps: DigestDeps, actor: Actor, scope: ExportScope, what: string): Promise<Reply> {
  const minutes = deps.settings.exportLinkMinutes;
  const expires = deps.clock.now().getTime() + minutes * 60_000;
  const link = (f: ExportFile) =>
    `${base}/${f}?link=${exportToken(deps.linkSecret, { s: scope, u: actor.aadObjectId.toLowerCase(), e: expires, f, n: randomBytes(12).toString('base64url') })}`;
  const base = `${deps.publicUrl()}/exports`;
  await recordAudit(deps, actor, 'export.issued', `${scope.kind} ${scope.id}`);
  return cardReply(
    deps.presenter.noticeCard(
      'Your export is ready',
      [
        `${what}, as CSV, with a data dictionary that says what each column means.`,
        `Each link opens a page with a Download button, and downloads once, for ${minutes} minutes. Do not forward them: whoever downloads first gets the file. (Opening a link spends nothing, so a link checker such as Safe Links cannot use it up.)`,
      ],
      [
        { title: 'Download CSV', url: link('responses.csv') },
        { title: 'Data dictionary', url: link('dictionary.csv') },
      ],
    ),
  );
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
  const counted = (response: PollResponse) => !before || response.firstAnsweredAt < before;
  for (const poll of polls) {
    let shown: (profession: string) => boolean = () => true;
    if (poll.anonymous) {
      // A first pass counts the poll's people by profession ('' for not stated), a count each.
      const counts = new Map<string, number>();
      for await (const response of deps.store.responses.stream(poll.id)) {
        if (counted(response)) counts.set(response.profession ?? '', (counts.get(response.profession ?? '') ?? 0) + 1);
      }
      const allowed = professionsShown(counts, deps.minRespondents);
      shown = (profession) => allowed.has(profession);
    }
    for await (const response of deps.store.responses.stream(poll.id)) {
      if (counted(response)) await write(responseRow(poll, response, shown));
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
