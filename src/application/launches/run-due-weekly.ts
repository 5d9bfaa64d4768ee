import type { Actor } from '../../domain/actor';
import { latestOccurrence } from '../../domain/weekly';
import type { BotDeps } from '../bot-deps';
import { launchFromArgs, launchFromRequest } from './launch-poll';

/**
 * A scheduler tick: launches each active pulse whose time this week has come and that has not
 * been launched this week. The week is claimed with a versioned write first, so a restart or a
 * second instance never launches it twice; a tick after downtime launches it late, once.
 */
export async function runDueWeekly(deps: BotDeps): Promise<number> {
  let launched = 0;
  for (const pulse of await deps.store.weeklyPulses.list()) {
    if (pulse.status !== 'active') continue;
    const { week } = latestOccurrence(pulse, deps.clock.now());
    if (pulse.lastLaunched === week) continue;
    if (!(await deps.store.weeklyPulses.update({ ...pulse, lastLaunched: week, version: pulse.version + 1 }, pulse.version))) continue;
    const actor: Actor = { userId: '', aadObjectId: pulse.createdBy.aadObjectId, name: pulse.createdBy.name, tenantId: pulse.createdBy.tenantId };
    // No one is asking now, so no router checks: a pulse launches only while its creator is still a lead.
    const reply = !(await deps.roles.isLead(actor.aadObjectId))
      ? undefined
      : pulse.request
        ? await launchFromRequest(deps, actor, {
            templateId: '',
            spec: pulse.request.spec,
            durationMs: pulse.request.durationMs,
            anonymous: pulse.request.spec.anonymous,
            visibility: pulse.request.spec.visibility,
            allowQuotes: pulse.request.spec.allowQuotes === true,
            to: 'channels',
            channels: pulse.request.channels,
          })
        : await launchFromArgs(deps, { actor, args: pulse.launchArgs });
    const result = reply ? (reply.kind === 'text' ? reply.text : reply.kind) : 'not launched: its creator is no longer a professional lead or admin';
    deps.logger.info('Weekly pulse launched', { pulseId: pulse.id, week, result });
    launched++;
  }
  return launched;
}
