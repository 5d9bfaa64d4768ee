import { type Activity, TeamsInfo, TurnContext } from 'botbuilder';
import type { Logger } from '../../application/ports/logger';
import type { PersonSeen, TeamSeen } from '../../application/record-installation';
import type { Actor } from '../../domain/actor';
import type { ConversationAddress } from '../../domain/installation';

/** Turns an activity into the plain inputs the use cases take. */

interface TeamsChannelData {
  team?: { id?: string; name?: string; aadGroupId?: string };
  channel?: { id?: string; name?: string };
  tenant?: { id?: string };
  eventType?: string;
}

export function channelDataOf(activity: Partial<Activity>): TeamsChannelData {
  const data = activity.channelData as unknown;
  return data !== null && typeof data === 'object' ? (data as TeamsChannelData) : {};
}

export function tenantIdOf(activity: Partial<Activity>): string {
  return channelDataOf(activity).tenant?.id ?? activity.conversation?.tenantId ?? '';
}

export function addressOf(activity: Partial<Activity>): ConversationAddress {
  return JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as ConversationAddress;
}

/**
 * A channel's conversation reference, without the person whose activity it came from: posting
 * to a channel later needs its conversation, service and bot, not who installed the bot or
 * asked, so a team's stored reference names no one.
 */
export function channelAddressOf(activity: Partial<Activity>): ConversationAddress {
  const { user: _who, ...address } = addressOf(activity) as Record<string, unknown>;
  return address;
}

export function actorOf(activity: Partial<Activity>): Actor {
  return {
    userId: activity.from?.id ?? '',
    aadObjectId: activity.from?.aadObjectId ?? '',
    name: activity.from?.name ?? '',
    tenantId: tenantIdOf(activity),
  };
}

export function teamIdOf(activity: Partial<Activity>): string | undefined {
  return channelDataOf(activity).team?.id || undefined;
}

/** The team and its channels; the channel list falls back to General when Teams will not give it. */
export async function teamSeen(context: TurnContext, logger: Logger, fetchChannels = true): Promise<TeamSeen> {
  const activity = context.activity;
  const team = channelDataOf(activity).team ?? {};
  const teamId = team.id ?? activity.conversation.id;
  let channels: { id?: string; name?: string }[] = [];
  if (fetchChannels) {
    try {
      channels = await TeamsInfo.getTeamChannels(context, teamId);
    } catch (error) {
      logger.warn('Could not list the team channels; recording the General channel only', { teamId, error });
    }
  }
  return {
    teamId,
    teamName: team.name ?? '',
    channels,
    tenantId: tenantIdOf(activity),
    serviceUrl: activity.serviceUrl,
    address: channelAddressOf(activity),
  };
}

export function personSeen(activity: Partial<Activity>): PersonSeen {
  return {
    aadObjectId: activity.from?.aadObjectId || activity.from?.id || '',
    userName: activity.from?.name ?? '',
    tenantId: tenantIdOf(activity),
    serviceUrl: activity.serviceUrl ?? '',
    address: addressOf(activity),
  };
}

/** When Teams received the activity, as an ISO string (now, if the activity does not say). */
export function receivedAtOf(activity: Partial<Activity> & { rawTimestamp?: string }): string {
  const raw = activity.rawTimestamp ?? activity.timestamp;
  const time = raw ? new Date(raw as string | Date).getTime() : NaN;
  return new Date(Number.isFinite(time) ? time : Date.now()).toISOString();
}
