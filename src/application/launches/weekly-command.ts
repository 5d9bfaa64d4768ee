import { randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { inert } from '../../domain/markdown';
import { PollRuleError } from '../../domain/poll';
import { DAYS, latestOccurrence, type WeeklyPulse } from '../../domain/weekly';
import type { BotDeps } from '../bot-deps';
import { parsePollArgs } from '../polls/start-poll';
import { recordAudit } from '../record-audit';
import { readCommandArgs } from '../routing/command-args';
import { type Reply, textReply } from '../routing/reply';

const HOUR = 3_600_000;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * `weekly <template> day=<day> time=<HH:MM> [to=…] [closes=…] [results=…] [anonymous=…]` sets up a
 * weekly pulse (leads and admins); `weekly stop <id>` stops one; `weekly` lists them.
 */
export async function manageWeekly(deps: BotDeps, actor: Actor, args: readonly string[]): Promise<Reply> {
  return textReply(await manageWeeklyText(deps, actor, args));
}

async function manageWeeklyText(deps: BotDeps, actor: Actor, args: readonly string[]): Promise<string> {
  const pulses = await deps.store.weeklyPulses.list();
  if (args.length === 0) {
    const active = pulses.filter((p) => p.status === 'active');
    return active.length === 0
      ? 'There are no weekly pulses. Set one up with "weekly <template> day=monday time=09:00 to=all".'
      : `Weekly pulses: ${active.map((p) => `${p.id}: ${inert(p.request ? `"${p.request.spec.question}"` : p.launchArgs.join(' '), 160)}, every ${DAYS[p.day]} at ${p.time}`).join('; ')}.`;
  }
  if (args[0]?.toLowerCase() === 'stop') {
    const pulse = pulses.find((p) => p.id === args[1]);
    if (!pulse || pulse.status === 'stopped') return `There is no running weekly pulse ${inert(args[1] ?? '')}.`.replace(' .', '.');
    const by = actor.aadObjectId.toLowerCase();
    if (pulse.createdBy.aadObjectId.toLowerCase() !== by && !deps.roles.isAdmin(by)) {
      return `Only the lead who set up weekly pulse ${pulse.id}, or an admin, can stop it. Nothing was changed.`;
    }
    const stopped = await deps.store.weeklyPulses.update({ ...pulse, status: 'stopped', version: pulse.version + 1 }, pulse.version);
    if (stopped) await recordAudit(deps, actor, 'weekly.stopped', pulse.id);
    return stopped ? `Weekly pulse ${pulse.id} is stopped. Polls it already launched stay open until they close.` : 'It changed just now; please try again.';
  }
  const [template, ...rest] = args;
  const { choices } = readCommandArgs(rest);
  const dayName = choices.get('day');
  const day = dayName === undefined ? undefined : DAYS.indexOf(dayName.toLowerCase() as (typeof DAYS)[number]);
  const time = choices.get('time');
  // Everything else is the launch's own choices: checked now, and by launch when each week comes.
  const keep = rest.filter((arg) => !/^(day|time)=/i.test(arg));
  if (day === undefined || day < 0) return `Which day? Add day= and one of ${DAYS.join(', ')}.`;
  if (!time || !TIME.test(time)) return 'What time, UK time? Add time=HH:MM, for example time=09:00.';
  if (!deps.content.templates.some((t) => t.id === template?.toLowerCase())) return `There is no poll template called "${inert(template ?? '')}".`;
  try {
    parsePollArgs([template!, ...keep], HOUR, ['to']);
  } catch (error) {
    if (error instanceof PollRuleError) return error.message;
    throw error;
  }
  const pulse: WeeklyPulse = {
    id: `w${randomBytes(4).toString('hex')}`,
    launchArgs: [template!.toLowerCase(), ...keep],
    day,
    time,
    createdBy: { aadObjectId: actor.aadObjectId.toLowerCase(), name: actor.name, tenantId: actor.tenantId },
    createdAt: deps.clock.now().toISOString(),
    status: 'active',
    // The week it is set up in counts as done when its time has already passed.
    lastLaunched: latestOccurrence({ day, time }, deps.clock.now()).week,
    version: 1,
  };
  await deps.store.weeklyPulses.create(pulse);
  return `Weekly pulse ${pulse.id} is set up: "${inert(pulse.launchArgs.join(' '), 160)}" every ${DAYS[day]} at ${time} UK time. Stop it with "weekly stop ${pulse.id}".`;
}
