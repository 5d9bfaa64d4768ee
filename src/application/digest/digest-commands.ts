import { isPollId } from '../../domain/markdown';
import { NOT_A_POLL_ID } from '../reply';
import { type DigestWeek, parseWeekId, previousWeek, weekContaining, weekLabel } from '../../domain/digest-week';
import type { Actor } from '../../domain/actor';
import type { CommandInput, CommandReply } from '../commands';
import { computeDigest } from './compute-digest';
import type { DigestDeps } from './digest-deps';
import { exportLinks, exportRefusal } from './export-responses';

export const DIGEST_TITLE = 'AHP Pulse weekly digest';
const LIST_LIMIT = 12;

const text = (t: string): CommandReply => ({ kind: 'text', text: t });

/**
 * `digest` (this week so far), `digest last`, `digest <YYYY-MM-DD>` (any week), `digest list`
 * (past digests): leads and admins, in personal chat. `digest subscribe` / `digest unsubscribe`:
 * the weekly digest in your personal chat.
 */
export async function digestCommand(deps: DigestDeps, input: CommandInput): Promise<CommandReply> {
  const [first = '', ...rest] = input.args.map((a) => a.toLowerCase());
  if (input.where !== 'personal' || !input.chat) {
    return text('Digests are sent to the digest channel each week. To ask for one, or to subscribe, message me in our personal chat.');
  }
  if (first === 'subscribe') return subscribe(deps, input.actor, input);
  if (first === 'unsubscribe') {
    const removed = await deps.store.digestSubscriptions.remove(input.actor.aadObjectId.toLowerCase());
    return text(removed ? 'You are unsubscribed: the weekly digest will no longer come here.' : 'You were not subscribed to the weekly digest.');
  }
  if (first === 'list') return listDigests(deps);
  const now = deps.clock.now();
  let week: DigestWeek;
  if (first === '' || first === 'now' || first === 'this') week = weekContaining(now);
  else if (first === 'last') week = previousWeek(weekContaining(now));
  else {
    const parsed = parseWeekId(first);
    if ('problem' in parsed) return text(`${parsed.problem} Or write "digest", "digest last" or "digest list".`);
    week = parsed;
  }
  if (week.startsAt > now.toISOString()) return text(`The week of ${weekLabel(week)} has not started yet.`);
  if (rest.length > 0) return text('Write "digest", "digest last", "digest <Monday as YYYY-MM-DD>" or "digest list".');
  const published = await deps.store.digests.get(week.id);
  if (published) {
    return { kind: 'card', card: deps.presenter.digestCard(published.digest, { title: DIGEST_TITLE }) };
  }
  await input.showWorking?.(); // computing a week can take seconds: the person sees AHP Pulse typing meanwhile
  const started = Date.now();
  const digest = await computeDigest(deps, week);
  deps.metrics.digestComputed(Date.now() - started, false);
  const ongoing = week.endsAt > now.toISOString();
  return {
    kind: 'card',
    card: deps.presenter.digestCard(digest, {
      title: DIGEST_TITLE,
      note: ongoing ? 'So far: this week is not over, and these figures will change.' : "Computed now: this week's digest was not published at the time.",
    }),
  };
}

async function subscribe(deps: DigestDeps, actor: Actor, input: CommandInput): Promise<CommandReply> {
  if (!actor.aadObjectId) return text('Teams did not say who you are, so I cannot subscribe you. Please try again from the Teams app.');
  await deps.store.digestSubscriptions.save({
    aadObjectId: actor.aadObjectId.toLowerCase(),
    name: actor.name,
    subscribedAt: deps.clock.now().toISOString(),
    chat: input.chat!,
  });
  return text('You are subscribed: the weekly digest will come to this chat when it is published. Write "digest unsubscribe" to stop it.');
}

async function listDigests(deps: DigestDeps): Promise<CommandReply> {
  const past = await deps.store.digests.list(LIST_LIMIT);
  if (past.length === 0) return text('No weekly digest has been published yet. Write "digest" for this week so far.');
  const lines = past.map(
    (p) =>
      `${p.weekId}: week of ${weekLabel(p.digest.week)}, published ${p.publishedAt.slice(0, 16).replace('T', ' ')} UTC` +
      (p.recipients !== undefined ? ` to ${p.recipients} chat${p.recipients === 1 ? '' : 's'} and channel${p.recipients === 1 ? '' : 's'}` : ''),
  );
  return {
    kind: 'card',
    card: deps.presenter.noticeCard('Past weekly digests', [...lines, 'Write "digest <week>" (its Monday, as above) to see one.']),
  };
}

/** `export poll <id>` or `export week [<YYYY-MM-DD>|last]`: leads and admins, in personal chat. */
export async function exportCommand(deps: DigestDeps, input: CommandInput): Promise<CommandReply> {
  if (input.where !== 'personal') return text('Exports are private: ask for one in our personal chat.');
  const [what = '', id = ''] = input.args.map((a) => a.toLowerCase());
  const now = deps.clock.now();
  if (what === 'poll') {
    if (!id) return text('Which poll? Write "export poll <poll id>".');
    if (!isPollId(input.args[1])) return text(NOT_A_POLL_ID);
    const poll = await deps.store.polls.get(input.args[1]);
    if (!poll) return text(`There is no poll ${input.args[1]}.`);
    const refusal = await exportRefusal(deps, poll, input.actor.aadObjectId.toLowerCase());
    if (refusal) return text(refusal);
    return exportLinks(
      deps,
      input.actor,
      { kind: 'poll', id: poll.id },
      `Responses to "${poll.question}"${poll.anonymous ? ' (anonymous: no names or ids)' : ''}`,
    );
  }
  if (what === 'week') {
    let week: DigestWeek = weekContaining(now);
    if (id === 'last') week = previousWeek(week);
    else if (id) {
      const parsed = parseWeekId(id);
      if ('problem' in parsed) return text(parsed.problem);
      week = parsed;
    }
    const whose = deps.roles.isAdmin(input.actor.aadObjectId) ? 'the polls' : 'your polls';
    return exportLinks(
      deps,
      input.actor,
      { kind: 'week', id: week.id },
      `Responses to ${whose} open in the week of ${weekLabel(week)} that may be exported (closed, where results wait for closing; anonymous ones from ${deps.minRespondents} people up)`,
    );
  }
  return text('Write "export poll <poll id>" or "export week <Monday as YYYY-MM-DD>" (or "export week" for this week).');
}
