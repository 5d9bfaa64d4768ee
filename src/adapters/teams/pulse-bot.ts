import {
  ActivityTypes,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  ConversationState,
  type InvokeResponse,
  MessageFactory,
  type MessagingExtensionActionResponse,
  type TaskModuleResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { BotDeps } from '../../application/bot-deps';
import type { ComposeDraft } from '../../application/launches/compose-command';
import type { Logger } from '../../application/ports/logger';
import type { InstallationDeps } from '../../application/record-installation';
import type { CardActionInput, CardActionRouter } from '../../application/routing/card-actions';
import { type CommandTable, parseCommand } from '../../application/routing/commands';
import { cardReply, PRIVATE_REPLY_NOT_POSTED, type Reply } from '../../application/routing/reply';
import type { CardRenderer } from '../../cards/card-renderer';
import { referenceForSupport } from '../../observability/correlation';
import { actorOf, addressOf, channelAddressOf, channelDataOf, receivedAtOf, teamIdOf, tenantIdOf } from './activity-input';
import { replyMessage } from './card-message';
import { COMPOSE_DIALOG, ComposeDialog, StoreBackedStorage } from './compose-dialog';
import { onConversationUpdate, onInstallationUpdate } from './installation-events';
import { dialogFetch, dialogSubmit, extensionFetchTask, extensionSubmit } from './poll-form-invokes';

export interface PulseBotDeps extends InstallationDeps {
  readonly logger: Logger;
  readonly cards: CardRenderer;
  readonly actions: CardActionRouter;
  readonly commands: CommandTable;
  /** For the compose dialog (leads, personal chat). */
  readonly polls: BotDeps;
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
    await onInstallationUpdate(this.deps, context);
  }

  protected override async dispatchConversationUpdateActivity(context: TurnContext): Promise<void> {
    await onConversationUpdate(this.deps, context);
  }

  /**
   * Invokes: a card action whose value is not an Action.Execute with a text verb is answered
   * 400 before botbuilder reads it (botbuilder would throw on it, and answer 500); an invoke the
   * bot does not handle is 400 too, not botbuilder's 501: no hostile request earns a 5xx.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const activity = context.activity;
    const refuse = (code: string, message: string): InvokeResponse => ({
      status: 400,
      body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code, message } },
    });
    if (activity.name === 'adaptiveCard/action') {
      const value = activity.value as { action?: { type?: unknown; verb?: unknown } } | undefined;
      const action = value !== null && typeof value === 'object' ? value.action : undefined;
      if (action === null || typeof action !== 'object' || action.type !== 'Action.Execute' || (action.verb !== undefined && typeof action.verb !== 'string')) {
        return refuse('BadRequest', 'A card action must be an Action.Execute with a verb.');
      }
    }
    const formInvoke = ['composeExtension/fetchTask', 'composeExtension/submitAction', 'task/fetch', 'task/submit'].includes(activity.name ?? '');
    if (formInvoke && (activity.value === null || typeof activity.value !== 'object' || Array.isArray(activity.value))) {
      return refuse('BadRequest', `A ${activity.name} invoke carries an object as its value.`);
    }
    const response = await super.onInvokeActivity(context);
    return response.status === 501 ? refuse('NotSupported', 'AHP Pulse does not handle this kind of invoke.') : response;
  }

  // The poll form (poll-form-invokes.ts): from the message extension, and from a card in chat.
  protected override handleTeamsMessagingExtensionFetchTask(context: TurnContext): Promise<MessagingExtensionActionResponse> {
    return extensionFetchTask(this.deps.polls, context);
  }

  protected override handleTeamsMessagingExtensionSubmitAction(context: TurnContext): Promise<MessagingExtensionActionResponse> {
    return extensionSubmit(this.deps.polls, context);
  }

  protected override handleTeamsMessagingExtensionBotMessagePreviewEdit(context: TurnContext): Promise<MessagingExtensionActionResponse> {
    return extensionSubmit(this.deps.polls, context);
  }

  protected override handleTeamsMessagingExtensionBotMessagePreviewSend(context: TurnContext): Promise<MessagingExtensionActionResponse> {
    return extensionSubmit(this.deps.polls, context);
  }

  protected override handleTeamsTaskModuleFetch(context: TurnContext): Promise<TaskModuleResponse> {
    return dialogFetch(this.deps.polls, context);
  }

  protected override handleTeamsTaskModuleSubmit(context: TurnContext): Promise<TaskModuleResponse> {
    return dialogSubmit(this.deps.polls, context);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue.action;
    const reply = await this.runCardAction(context, action.verb ?? '', action.data);
    if (reply.kind === 'card') return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card as Record<string, unknown> };
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: (reply.kind === 'text' ? reply.text : '') as never };
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
        await this.say(context, reply);
      } else {
        await context.sendActivity(MessageFactory.text(reply.acknowledgement ?? PRIVATE_REPLY_NOT_POSTED));
      }
      return;
    }
    // Commands: the first word picks the handler; anything unknown gets the help card, never silence.
    const { name, args } = parseCommand(TurnContext.removeRecipientMention(activity) ?? activity.text ?? '');
    const type = activity.conversation.conversationType;
    const where = type === 'personal' ? 'personal' : type === 'groupChat' ? 'groupChat' : 'channel';
    const dc = where === 'personal' ? await this.dialogs.createContext(context) : undefined;
    if (dc?.activeDialog) {
      // A compose dialog in progress takes every message until it ends ("cancel" ends it).
      await dc.continueDialog();
      await this.conversationState.saveChanges(context);
      return;
    }
    const teamId = teamIdOf(activity);
    const channel = teamId
      ? {
          teamId,
          channelId: channelDataOf(activity).channel?.id ?? teamId,
          tenantId: tenantIdOf(activity),
          serviceUrl: activity.serviceUrl,
          address: channelAddressOf(activity),
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
    const beginCompose = async (draft: ComposeDraft) => {
      await dc!.beginDialog(COMPOSE_DIALOG, draft);
      await this.conversationState.saveChanges(context);
    };
    const reply = await this.deps.commands.dispatch({
      name,
      args,
      actor: actorOf(activity),
      where,
      showWorking,
      ...(dc ? { beginCompose } : {}),
      ...(channel ? { channel } : {}),
      ...(chat ? { chat } : {}),
    });
    await this.say(context, reply);
  }

  private async say(context: TurnContext, reply: Reply): Promise<void> {
    const message = replyMessage(reply);
    if (message) await context.sendActivity(message);
  }

  private async runCardAction(context: TurnContext, verb: string, data: unknown): Promise<Reply> {
    const activity = context.activity;
    const input: CardActionInput = {
      verb,
      data: data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
      actor: actorOf(activity),
      conversationId: activity.conversation.id,
      conversationType: activity.conversation.conversationType ?? '',
      correlationId: referenceForSupport(),
      receivedAt: receivedAtOf(activity),
    };
    try {
      return await this.deps.actions.dispatch(input);
    } catch (error) {
      this.deps.logger.error('A card action failed', { verb, correlationId: input.correlationId, error });
      return cardReply(
        this.deps.cards.render('notice', {
          title: 'Sorry, that did not work',
          message: 'Nothing was changed. Please try again in a moment.',
          reference: input.correlationId,
        }),
        `Sorry, that did not work, and nothing was changed. Please try again in a moment. Reference: ${input.correlationId}`,
      );
    }
  }
}
