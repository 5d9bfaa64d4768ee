import type { Actor } from '../../domain/actor';
import { type DigestWeek, parseWeekId, previousWeek, weekContaining, weekLabel } from '../../domain/digest/week';
import type { CommandInput } from '../routing/commands';
import { cardReply, type Reply, textReply } from '../routing/reply';
import { computeDigest } from './compute-digest';
import type { DigestDeps } from './digest-deps';

export const DIGEST_TITLE = 'AHP Pulse weekly digest';
const LIST_LIMIT = 12;

/**
 * `digest` (this week so far), `digest last`, `digest <YYYY-MM-DD>` (any week), `digest list`
 * (past digests): leads and admins, in personal chat. `digest subscribe` / `digest unsubscribe`:
 * the weekly digest in your personal chat.
 */
export async function digestCommand(deps: DigestDeps, input: CommandInput): Promise<Reply> {
  const [first = '', ...rest] = input.args.map((a) => a.toLowerCase());
  if (input.where !== 'personal' || !input.chat) {
    return textReply('Digests are sent to the digest channel each week. To ask for one, or to subscribe, message me in our personal chat.');
  }
  if (first === 'subscribe') return subscribe(deps, input.actor, input);
  if (first === 'unsubscribe') {
    const removed = await deps.store.digestSubscriptions.remove(input.actor.aadObjectId.toLowerCase());
    return textReply(removed ? 'You are unsubscribed: the weekly digest will no longer come here.' : 'You were not subscribed to the weekly digest.');
  }
  if (first === 'list') return listDigests(deps);
  const now = deps.clock.now();
  let week: DigestWeek;
  if (first === '' || first === 'now' || first === 'this') week = weekContaining(now);
  else if (first === 'last') week = previousWeek(weekContaining(now));
  else {
    const parsed = parseWeekId(first);
    if ('problem' in parsed) return textReply(`${parsed.problem} Or write "digest", "digest last" or "digest list".`);
    week = parsed;
  }
  if (week.startsAt > now.toISOString()) return textReply(`The week of ${weekLabel(week)} has not started yet.`);
  if (rest.length > 0) return textReply('Write "digest", "digest last", "digest <Monday as YYYY-MM-DD>" or "digest list".');
  const published = await deps.store.digests.get(week.id);
  if (published) {
    return cardReply(deps.presenter.digestCard(published.digest, { title: DIGEST_TITLE }));
  }
  await input.showWorking?.(); // computing a week can take seconds: the person sees AHP Pulse typing meanwhile
  const started = Date.now();
  const digest = await computeDigest(deps, week);
  deps.metrics.digestComputed(Date.now() - started, false);
  const ongoing = week.endsAt > now.toISOString();
  return cardReply(
    deps.presenter.digestCard(digest, {
      title: DIGEST_TITLE,
      note: ongoing ? 'So far: this week is not over, and these figures will change.' : "Computed now: this week's digest was not published at the time.",
    }),
  );
}

async function subscribe(deps: DigestDeps, actor: Actor, input: CommandInput): Promise<Reply> {
  if (!actor.aadObjectId) return textReply('Teams did not say who you are, so I cannot subscribe you. Please try again from the Teams app.');
  await deps.store.digestSubscriptions.save({
    aadObjectId: actor.aadObjectId.toLowerCase(),
    name: actor.name,
    subscribedAt: deps.clock.now().toISOString(),
    chat: input.chat!,
  });
  return textReply('You are subscribed: the weekly digest will come to this chat when it is published. Write "digest unsubscribe" to stop it.');
}

async function listDigests(deps: DigestDeps): Promise<Reply> {
  const past = await deps.store.digests.list(LIST_LIMIT);
  if (past.length === 0) return textReply('No weekly digest has been published yet. Write "digest" for this week so far.');
  const lines = past.map(
    (p) =>
      `${p.weekId}: week of ${weekLabel(p.digest.week)}, published ${p.publishedAt.slice(0, 16).replace('T', ' ')} UTC` +
      (p.recipients !== undefined ? ` to ${p.recipients} chat${p.recipients === 1 ? '' : 's'} and channel${p.recipients === 1 ? '' : 's'}` : ''),
  );
  return cardReply(deps.presenter.noticeCard('Past weekly digests', [...lines, 'Write "digest <week>" (its Monday, as above) to see one.']));
}
