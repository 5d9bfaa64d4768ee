import { Cron } from 'croner';
import { type ChannelTarget, newDelivery } from '../../domain/delivery';
import { type DigestWeek, previousWeek, weekContaining, weekLabel } from '../../domain/digest/week';
import { PulseError } from '../../domain/errors';
import { personalInstallationId } from '../../domain/installation';
import type { DigestPublication } from '../../domain/publication';
import { computeDigest } from './compute-digest';
import type { DigestDeps } from './digest-deps';

/** A machine down for longer than this catches up only the most recent weeks (and says so in the log). */
export const MAX_CATCH_UP_WEEKS = 8;
/** A new deployment publishes a week that fell due this recently; an older one was before its time. */
export const FIRST_DIGEST_GRACE_MS = 24 * 3_600_000;

/** When a week's digest is due: the schedule's first time (UK time) after the week ends. */
export function publicationTime(schedule: string, week: DigestWeek): Date {
  const cron = new Cron(schedule, { timezone: 'Europe/London', paused: true });
  const at = cron.nextRun(new Date(Date.parse(week.endsAt) - 1));
  if (!at)
    throw new PulseError(
      'ahp_pulse_schedule_never_runs',
      `The digest schedule "${schedule}" never runs again: set DIGEST_SCHEDULE to a weekly cron expression such as "0 9 * * 1".`,
    );
  return at;
}

/** The most recent week whose digest is due at `now`. */
export function latestDueWeek(schedule: string, now: Date): DigestWeek | undefined {
  let week = previousWeek(weekContaining(now));
  for (let i = 0; i < MAX_CATCH_UP_WEEKS * 2; i++) {
    if (publicationTime(schedule, week).getTime() <= now.getTime()) return week;
    week = previousWeek(week);
  }
  return undefined;
}

/**
 * A scheduler tick. Publishes every week whose time has come since the last one published
 * (the first time, only one that fell due in the last day), each exactly once: the publication is recorded by a
 * create that only one instance can win, and its deliveries are enqueued under ids fixed by
 * week and recipient, so an instance that died in between, or two at once, neither skip nor
 * repeat a digest. A machine that was down at 09:00 publishes when it comes back.
 */
export async function runDueDigests(deps: DigestDeps): Promise<number> {
  const now = deps.clock.now();
  const due = latestDueWeek(deps.settings.schedule, now);
  if (!due) return 0;
  // Most ticks: the latest week is out already (one point read). Weeks are published oldest
  // first, so every earlier one has been seen to as well.
  if ((await deps.store.digests.get(due.id))?.status === 'queued') return 0;
  const [last] = await deps.store.digests.list(1);
  const weeks: DigestWeek[] = [];
  if (!last) {
    // Before the first digest there is no "missed" week: only one that fell due in the last day.
    if (now.getTime() - publicationTime(deps.settings.schedule, due).getTime() <= FIRST_DIGEST_GRACE_MS) weeks.push(due);
  } else {
    for (let week = due; week.id > last.weekId; week = previousWeek(week)) weeks.unshift(week);
    // The last one recorded may not have reached the outbox (the instance died in between).
    if (last.status === 'recorded') weeks.unshift(weekContaining(new Date(Date.parse(`${last.weekId}T12:00:00Z`))));
  }
  if (weeks.length > MAX_CATCH_UP_WEEKS) {
    deps.logger.warn('The bot was down for weeks: only the most recent weekly digests are published', { missed: weeks.length - MAX_CATCH_UP_WEEKS });
    weeks.splice(0, weeks.length - MAX_CATCH_UP_WEEKS);
  }
  let published = 0;
  for (const week of weeks) if (await publishWeek(deps, week)) published++;
  return published;
}

/** Records the week's publication (if no one has) and puts its deliveries in the outbox (if no one has). True when this call recorded it. */
export async function publishWeek(deps: DigestDeps, week: DigestWeek): Promise<boolean> {
  let publication = await deps.store.digests.get(week.id);
  let recorded = false;
  if (!publication) {
    const started = Date.now();
    const digest = await computeDigest(deps, week);
    deps.metrics.digestComputed(Date.now() - started, true);
    const candidate: DigestPublication = {
      weekId: week.id,
      digest,
      publishedAt: deps.clock.now().toISOString(),
      publishedBy: deps.instanceId,
      status: 'recorded',
      version: 1,
    };
    recorded = await deps.store.digests.create(candidate);
    publication = recorded ? candidate : await deps.store.digests.get(week.id);
    if (!publication) return false;
    deps.logger.info(recorded ? 'Weekly digest recorded' : 'Weekly digest already recorded by another instance', { week: week.id });
  }
  if (publication.status === 'recorded') {
    const targets = await digestTargets(deps);
    const now = deps.clock.now().toISOString();
    await deps.store.deliveries.enqueue(targets.map((target) => newDelivery({ weekId: week.id }, 'digest', target, now)));
    await deps.store.digests.update({ ...publication, status: 'queued', recipients: targets.length, version: publication.version + 1 }, publication.version);
    deps.logger.info('Weekly digest queued', { week: week.id, label: weekLabel(week), recipients: targets.length });
  }
  return recorded;
}

/** The configured digest channels (where the bot is installed) and the personal chats of subscribers. */
export async function digestTargets(deps: Pick<DigestDeps, 'store' | 'settings' | 'logger' | 'tenants'>): Promise<ChannelTarget[]> {
  const targets: ChannelTarget[] = [];
  if (deps.settings.channelIds.length > 0) {
    const teams = (await deps.store.installations.list({ kind: 'team', status: 'active' })).filter((t) => deps.tenants.allows(t.tenantId));
    for (const channelId of deps.settings.channelIds) {
      const team = teams.find((t) => t.kind === 'team' && t.channels.some((c) => c.id === channelId && !c.unreachableSince));
      if (team?.kind !== 'team') {
        deps.logger.warn('A digest channel is not in any team the bot is installed in (or the bot was removed from it)', { channelId });
        continue;
      }
      targets.push({ teamId: team.teamId, channelId, tenantId: team.tenantId, serviceUrl: team.serviceUrl, address: team.address });
    }
  }
  for (const subscription of await deps.store.digestSubscriptions.list()) {
    if (!deps.tenants.allows(subscription.chat.tenantId)) {
      deps.logger.warn('A digest subscription is in a tenant that is not allowed: skipped', { tenantId: subscription.chat.tenantId });
      continue;
    }
    const chat = await deps.store.installations.get(personalInstallationId(subscription.aadObjectId));
    if (chat?.status === 'removed') {
      deps.logger.warn('A digest subscriber has removed the bot', { aadObjectId: subscription.aadObjectId });
      continue;
    }
    targets.push({ ...subscription.chat, personal: true });
  }
  return targets;
}
