import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../application/ports/logger';
import {
  type InstallationDeps,
  recordChannelChange,
  recordPersonalInstallation,
  recordTeamInstallation,
  recordUninstall,
  welcomeOnce,
} from '../../application/record-installation';
import type { CardRenderer } from '../../cards/card-renderer';
import { personalInstallationId, teamInstallationId } from '../../domain/installation';
import { channelDataOf, personSeen, teamIdOf, teamSeen } from './activity-input';
import { cardMessage } from './card-message';

export interface InstallationEventDeps extends InstallationDeps {
  readonly logger: Logger;
  readonly cards: CardRenderer;
}

/**
 * Install, uninstall and conversation-update events: recorded, and the one welcome sent.
 * Dispatched here directly (not through botbuilder's member handlers, which look every new
 * member up), so an install costs one channel lookup.
 */
export async function onInstallationUpdate(deps: InstallationEventDeps, context: TurnContext): Promise<void> {
  const action = context.activity.action ?? '';
  if (action === 'add' || action === 'add-upgrade') await installed(deps, context);
  else if (action === 'remove') await uninstalled(deps, context);
}

export async function onConversationUpdate(deps: InstallationEventDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const botId = activity.recipient?.id;
  if (activity.membersAdded?.some((member) => member.id === botId)) return installed(deps, context);
  if (activity.membersRemoved?.some((member) => member.id === botId)) return uninstalled(deps, context);
  const data = channelDataOf(activity);
  if (!teamIdOf(activity)) return;
  const channel = { id: data.channel?.id ?? '', name: data.channel?.name ?? '' };
  switch (data.eventType) {
    case 'channelCreated':
    case 'channelRestored':
      await recordChannelChange(deps, await teamSeen(context, deps.logger, false), { type: 'created', channel });
      return;
    case 'channelRenamed':
      await recordChannelChange(deps, await teamSeen(context, deps.logger, false), { type: 'renamed', channel });
      return;
    case 'channelDeleted':
      await recordChannelChange(deps, await teamSeen(context, deps.logger, false), { type: 'deleted', channelId: channel.id });
      return;
    case 'teamRenamed':
      await recordChannelChange(deps, await teamSeen(context, deps.logger, false), {
        type: 'team-renamed',
        teamName: data.team?.name ?? '',
      });
      return;
    default:
      return;
  }
}

async function installed(deps: InstallationEventDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const { logger, cards } = deps;
  if (teamIdOf(activity)) {
    const team = await recordTeamInstallation(deps, await teamSeen(context, logger));
    logger.info('Installed in a team', { teamId: team.teamId, channels: team.channels.length, tenantId: team.tenantId });
    await welcomeOnce(deps, team.id, async () => {
      await context.sendActivity(cardMessage(cards.render('welcome-team', { teamName: team.teamName, channelCount: team.channels.length })));
    });
  } else if (activity.conversation.conversationType === 'personal') {
    const person = await recordPersonalInstallation(deps, personSeen(activity));
    logger.info('Installed in a personal chat', { installationId: person.id, tenantId: person.tenantId });
    await welcomeOnce(deps, person.id, async () => {
      await context.sendActivity(cardMessage(cards.render('welcome-personal', { userName: person.userName || 'there' })));
    });
  } else {
    logger.info('Added to a group chat; group chats are not used yet', { conversationId: activity.conversation.id });
  }
}

async function uninstalled(deps: InstallationEventDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const teamId = teamIdOf(activity);
  const id = teamId ? teamInstallationId(teamId) : personalInstallationId(personSeen(activity).aadObjectId);
  const removed = await recordUninstall(deps, id);
  deps.logger.info('Uninstalled', { installationId: id, known: removed !== undefined });
}
