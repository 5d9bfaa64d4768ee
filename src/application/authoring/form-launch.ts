import { randomBytes } from 'node:crypto';
import { inert } from '../../domain/markdown';
import type { CheckedDraft } from '../../domain/poll-draft';
import { ukInstant } from '../../domain/uk-time';
import { DAYS, latestOccurrence, type WeeklyPulse } from '../../domain/weekly';
import type { BotDeps } from '../bot-deps';
import { launchableChannels, launchFromRequest } from '../launches/launch-poll';
import { type DialogStep, draftKey, type FormContext, preview, requestOf } from './form-steps';

const DAY = 86_400_000;

export async function launchToChannels(
  deps: BotDeps,
  context: FormContext,
  checked: Extract<CheckedDraft, { ok: true }>,
  data: Readonly<Record<string, unknown>>,
): Promise<DialogStep> {
  const chosen = (typeof data.launchTo === 'string' ? data.launchTo : '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => {
      const [teamId = '', channelId = ''] = v.split('|');
      return { teamId, channelId };
    });
  if (chosen.length === 0) return preview(deps, context, checked, 'Choose at least one channel to launch to.');
  const known = await launchableChannels(deps);
  if (!chosen.every((c) => known.some((k) => k.team.teamId === c.teamId && k.channel.id === c.channelId))) {
    return preview(deps, context, checked, 'One of the channels chosen is not one AHP Pulse can post in any more: here is the list as it is now.');
  }
  if (data.launchWhen === 'weekly') return weeklyFromForm(deps, context, checked, data, chosen);
  let at: Date | undefined;
  if (data.launchWhen === 'date') {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof data.launchDate === 'string' ? data.launchDate : '');
    const time = /^([01]\d|2[0-3]):([0-5]\d)/.exec(typeof data.launchTime === 'string' ? data.launchTime : '');
    if (!date || !time) return preview(deps, context, checked, 'Choose the day and the time to launch it, or Now.');
    at = new Date(ukInstant({ y: Number(date[1]), m: Number(date[2]), d: Number(date[3]) }, Number(time[1]), Number(time[2])));
    const now = deps.clock.now();
    if (at.getTime() < now.getTime() - 60_000) return preview(deps, context, checked, 'That launch time is in the past: choose a later one, or Now.');
    if (checked.openForMs === undefined && checked.closesAt.getTime() - at.getTime() < 5 * 60_000)
      return preview(deps, context, checked, 'The poll would close before it launched: launch it earlier, or Edit its closing time.');
    if (at.getTime() - now.getTime() > 90 * DAY) return preview(deps, context, checked, 'Launch it within 90 days.');
  }
  const reply = await launchFromRequest(deps, context.actor, requestOf(checked, deps.clock.now(), { to: 'channels', channels: chosen, ...(at ? { at } : {}) }));
  await deps.store.conversationState.delete([draftKey(context.actor.aadObjectId)]);
  return { kind: 'done', text: reply.kind === 'text' ? reply.text : 'Launched.' };
}

/** "Every week": a weekly pulse of the poll as written, to the channels chosen, each week's poll open as long as the form says. */
async function weeklyFromForm(
  deps: BotDeps,
  context: FormContext,
  checked: Extract<CheckedDraft, { ok: true }>,
  data: Readonly<Record<string, unknown>>,
  channels: readonly { teamId: string; channelId: string }[],
): Promise<DialogStep> {
  const day = DAYS.indexOf(String(data.launchWeekday ?? '') as (typeof DAYS)[number]);
  const time = /^([01]\d|2[0-3]):([0-5]\d)/.exec(typeof data.launchTime === 'string' ? data.launchTime : '')?.[0];
  if (day < 0 || !time) return preview(deps, context, checked, 'Choose the day of the week and the time it goes out each week.');
  // Each week's poll is open as long as the form says: a length of time, not a day and time.
  const openForMs = checked.openForMs;
  if (openForMs === undefined)
    return preview(
      deps,
      context,
      checked,
      'A weekly poll closes a number of days after each launch: Edit it, and choose "In 1 day" to "In 2 weeks" for when it closes.',
    );
  const now = deps.clock.now();
  const pulse: WeeklyPulse = {
    id: `w${randomBytes(4).toString('hex')}`,
    launchArgs: [],
    request: { spec: checked.spec, durationMs: openForMs, channels },
    day,
    time,
    createdBy: { aadObjectId: context.actor.aadObjectId.toLowerCase(), name: context.actor.name, tenantId: context.actor.tenantId },
    createdAt: now.toISOString(),
    status: 'active',
    // The week it is set up in counts as done when its time has already passed.
    lastLaunched: latestOccurrence({ day, time }, now).week,
    version: 1,
  };
  await deps.store.weeklyPulses.create(pulse);
  await deps.store.conversationState.delete([draftKey(context.actor.aadObjectId)]);
  return {
    kind: 'done',
    text: `Weekly pulse ${pulse.id} is set up: "${inert(checked.spec.question, 120)}" every ${DAYS[day]} at ${time} UK time, to ${channels.length} channel${channels.length === 1 ? '' : 's'}. Stop it with "weekly stop ${pulse.id}".`,
  };
}
