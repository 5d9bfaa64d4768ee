import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  ActivityTypes,
  ConversationState,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { type CardActionInput, type CardActionRouter, type CardReply, PRIVATE_REPLY_NOT_POSTED } from '../../application/card-actions';
import { type CommandTable, parseCommand } from '../../application/commands';
import type { PollDeps } from '../../application/polls/poll-deps';
import { type DialogState, DialogSet } from 'botbuilder-dialogs';
import { cardMessage } from './card-message';
import { COMPOSE_DIALOG, ComposeDialog, type Draft, StoreBackedStorage } from './compose-dialog';
import {
  type InstallationDeps,
  recordChannelChange,
  recordPersonalInstallation,
  recordTeamInstallation,
  recordUninstall,
  welcomeOnce,
} from '../../application/installations';
import type { Logger } from '../../application/ports';
import type { CardRenderer } from '../../cards/card-renderer';
import { personalInstallationId, teamInstallationId } from '../../domain/installation';
import { actorOf, addressOf, channelDataOf, newCorrelationId, personSeen, receivedAtOf, teamIdOf, teamSeen, tenantIdOf } from './activity-input';

export interface PulseBotDeps extends InstallationDeps {
  readonly logger: Logger;
  readonly cards: CardRenderer;
  readonly actions: CardActionRouter;
  readonly commands: CommandTable;
  /** For the compose dialog (leads, personal chat). */
  readonly polls: PollDeps;
}

/**
 * The Teams edge: turns activities into plain inputs, calls a use case, renders a card and
 * replies. Conversation updates are dispatched here directly (not through botbuilder's
 * member handlers, which look every new member up), so an install costs one channel lookup.
 */
export class PulseBot extends TeamsActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: PulseBotDeps) {
    super();
    this.conversationState = new ConversationState(new StoreBackedStorage(deps.store.conversationState));
    this.dialogs = new DialogSet(this.conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new ComposeDialog(deps.polls));
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  protected override async onInstallationUpdateActivity(context: TurnContext): Promise<void> {
    const action = context.activity.action ?? '';
    if (action === 'add' || action === 'add-upgrade') await this.installed(context);
    else if (action === 'remove') await this.uninstalled(context);
  }

  protected override async dispatchConversationUpdateActivity(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botId = activity.recipient?.id;
    if (activity.membersAdded?.some((member) => member.id === botId)) return this.installed(context);
    if (activity.membersRemoved?.some((member) => member.id === botId)) return this.uninstalled(context);
    const data = channelDataOf(activity);
    if (!teamIdOf(activity)) return;
    const channel = { id: data.channel?.id ?? '', name: data.channel?.name ?? '' };
    switch (data.eventType) {
      case 'channelCreated':
      case 'channelRestored':
        await recordChannelChange(this.deps, await teamSeen(context, this.deps.logger, false), { type: 'created', channel });
        return;
      case 'channelRenamed':
        await recordChannelChange(this.deps, await teamSeen(context, this.deps.logger, false), { type: 'renamed', channel });
        return;
      case 'channelDeleted':
        await recordChannelChange(this.deps, await teamSeen(context, this.deps.logger, false), { type: 'deleted', channelId: channel.id });
        return;
      case 'teamRenamed':
        await recordChannelChange(this.deps, await teamSeen(context, this.deps.logger, false), {
          type: 'team-renamed',
          teamName: data.team?.name ?? '',
        });
        return;
      default:
        return;
    }
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue.action;
    const reply = await this.runCardAction(context, action.verb ?? '', action.data);
    return reply.kind === 'card'
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card as Record<string, unknown> }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.text as never };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const value = activity.value as Record<string, unknown> | undefined;
    if (value !== null && typeof value === 'object' && !activity.text?.trim()) {
      // The Action.Submit fallback of an Action.Execute: same verb table, reply as a message.
      // A message in a channel or group chat is seen by everyone there, so the person's own
      // view (their answer, results only they may see, "Close now") goes only to a personal chat.
      const reply = await this.runCardAction(context, typeof value.verb === 'string' ? value.verb : '', value);
      if (activity.conversation.conversationType === 'personal') {
        await context.sendActivity(reply.kind === 'card' ? cardMessage(reply.card) : MessageFactory.text(reply.text));
      } else {
        await context.sendActivity(MessageFactory.text(reply.acknowledgement ?? PRIVATE_REPLY_NOT_POSTED));
      }
      return;
    }
    // Commands: the first word picks the handler; anything unknown gets the help card, never silence.
    const { name, args } = parseCommand(TurnContext.removeRecipientMention(activity) ?? activity.text ?? '');
    const type = activity.conversation.conversationType;
    const where = type === 'personal' ? 'personal' : type === 'groupChat' ? 'groupChat' : 'channel';
    if (where === 'personal' && (await this.runCompose(context, name, args))) return;
    const teamId = teamIdOf(activity);
    const channel = teamId
      ? {
          teamId,
          channelId: channelDataOf(activity).channel?.id ?? teamId,
          tenantId: tenantIdOf(activity),
          serviceUrl: activity.serviceUrl,
          address: addressOf(activity),
        }
      : undefined;
    const chat =
      where === 'personal'
        ? {
            teamId: '',
            channelId: activity.conversation.id,
            tenantId: tenantIdOf(activity),
            serviceUrl: activity.serviceUrl,
            address: addressOf(activity),
            personal: true,
          }
        : undefined;
    const showWorking = async () => {
      await context.sendActivity({ type: ActivityTypes.Typing });
    };
    const reply = await this.deps.commands.dispatch({
      name,
      args,
      actor: actorOf(activity),
      where,
      showWorking,
      ...(channel ? { channel } : {}),
      ...(chat ? { chat } : {}),
    });
    await context.sendActivity(reply.kind === 'card' ? cardMessage(reply.card) : MessageFactory.text(reply.text));
  }

  /** The compose dialog: continues one in progress, or starts one on "compose" (leads only). */
  private async runCompose(context: TurnContext, name: string, args: readonly string[]): Promise<boolean> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) {
      await dc.continueDialog();
      await this.conversationState.saveChanges(context);
      return true;
    }
    if (name !== 'compose') return false;
    const actor = actorOf(context.activity);
    if (!(await this.deps.polls.roles.isLead(actor.aadObjectId))) {
      await context.sendActivity('Only professional leads and admins can launch polls. If you should be one, ask your AHP Pulse admin to add you.');
      return true;
    }
    const draft = args[0]?.toLowerCase() === 'like' && args[1] ? await draftFromPoll(this.deps.polls, args[1]) : {};
    if (draft === undefined) {
      await context.sendActivity(`There is no poll ${args[1]} to start from.`);
      return true;
    }
    await dc.beginDialog(COMPOSE_DIALOG, draft);
    await this.conversationState.saveChanges(context);
    return true;
  }

  private async runCardAction(context: TurnContext, verb: string, data: unknown): Promise<CardReply> {
    const activity = context.activity;
    const input: CardActionInput = {
      verb,
      data: data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
      actor: actorOf(activity),
      conversationId: activity.conversation.id,
      conversationType: activity.conversation.conversationType ?? '',
      correlationId: newCorrelationId(),
      receivedAt: receivedAtOf(activity),
    };
    try {
      return await this.deps.actions.dispatch(input);
    } catch (error) {
      this.deps.logger.error('A card action failed', { verb, correlationId: input.correlationId, error });
      return {
        kind: 'card',
        acknowledgement: `Sorry, that did not work, and nothing was changed. Please try again in a moment. Reference: ${input.correlationId}`,
        card: this.deps.cards.render('notice', {
          title: 'Sorry, that did not work',
          message: 'Nothing was changed. Please try again in a moment.',
          reference: input.correlationId,
        }),
      };
    }
  }

  private async installed(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const { logger, cards } = this.deps;
    if (teamIdOf(activity)) {
      const team = await recordTeamInstallation(this.deps, await teamSeen(context, logger));
      logger.info('Installed in a team', { teamId: team.teamId, channels: team.channels.length, tenantId: team.tenantId });
      await welcomeOnce(this.deps, team.id, async () => {
        await context.sendActivity(cardMessage(cards.render('welcome-team', { teamName: team.teamName, channelCount: team.channels.length })));
      });
    } else if (activity.conversation.conversationType === 'personal') {
      const person = await recordPersonalInstallation(this.deps, personSeen(activity));
      logger.info('Installed in a personal chat', { installationId: person.id, tenantId: person.tenantId });
      await welcomeOnce(this.deps, person.id, async () => {
        await context.sendActivity(cardMessage(cards.render('welcome-personal', { userName: person.userName || 'there' })));
      });
    } else {
      logger.info('Added to a group chat; group chats are not used yet', { conversationId: activity.conversation.id });
    }
  }

  private async uninstalled(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const teamId = teamIdOf(activity);
    const id = teamId ? teamInstallationId(teamId) : personalInstallationId(personSeen(activity).aadObjectId);
    const removed = await recordUninstall(this.deps, id);
    this.deps.logger.info('Uninstalled', { installationId: id, known: removed !== undefined });
  }
}

/** A draft like an earlier poll (`compose like <poll id>`): its template, priority and settings; audience and time asked anew. */
async function draftFromPoll(polls: PollDeps, pollId: string): Promise<Draft | undefined> {
  const poll = await polls.store.polls.get(pollId);
  if (!poll?.templateId) return undefined;
  return {
    template: poll.templateId,
    ...(poll.kind === 'agreement' && poll.priorityIds[0] ? { priority: poll.priorityIds[0] } : {}),
    results: poll.visibility,
    anonymous: poll.anonymous,
    ...(poll.allowQuotes ? { quotes: true } : {}),
  };
}
