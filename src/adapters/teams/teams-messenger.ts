import {
  type Activity,
  Channels,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type ConversationResourceResponse,
  type TurnContext,
} from 'botbuilder';
import { SendError } from '../../application/outbox/send-error';
import type { Messenger } from '../../application/ports/messenger';
import { type ChannelTarget, type Posting, type SendFailure, threadRootId } from '../../domain/delivery';
import { PulseError } from '../../domain/errors';
import type { AllowedTenants } from '../../domain/tenants';
import { cardMessage } from './card-message';

/** The part of botbuilder's connector client (in every turn's state) that starts a conversation. */
interface ConnectorConversations {
  readonly conversations: { createConversation(parameters: ConversationParameters): Promise<ConversationResourceResponse> };
}

/**
 * Posts and updates cards outside a turn, through the Bot Connector, by continuing a stored
 * conversation. On the interactive path (a poll started in a channel) botbuilder's HTTP pipeline
 * retries 429 (honouring Retry-After) and 5xx a few times; the outbox's messenger has those
 * retries off (createCloudAdapter), and the outbox (application/outbox) owns delivery:
 * slots, waits, retries and giving up.
 */
export function teamsMessenger(
  adapter: CloudAdapter,
  botAppId: string,
  options: { httpsOnly: boolean; tenants?: AllowedTenants } = { httpsOnly: false },
): Messenger {
  // An error inside a continued turn goes to the adapter's onTurnError, which logs it and
  // returns: the send would then look like it went. So the logic's error is carried out of the
  // turn and thrown here, for the outbox to retry, wait or give up as Teams' answer says.
  const continueIn = async (address: Readonly<Record<string, unknown>>, logic: (context: TurnContext) => Promise<void>): Promise<void> => {
    // With authentication on, the bot's token goes only to https service URLs: never in clear.
    if (options.httpsOnly && !/^https:\/\//i.test(String(address.serviceUrl ?? ''))) {
      throw new SendError({ kind: 'permanent', reason: 'the conversation’s service URL is not https, and authentication is on' });
    }
    let failure: { error: unknown } | undefined;
    await adapter.continueConversationAsync(botAppId, address as unknown as Partial<ConversationReference>, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  };

  const classified =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await work(...args);
      } catch (error) {
        if (error instanceof SendError) throw error;
        throw new SendError(classifySendError(error), { cause: error });
      }
    };

  return {
    postCard: classified(async (target: ChannelTarget, card: object): Promise<Posting> => {
      // The last gate: nothing is posted to a tenant outside ALLOWED_TENANT_IDS, whatever asked for it.
      if (options.tenants && !options.tenants.allows(target.tenantId)) {
        throw new SendError({ kind: 'permanent', reason: 'the tenant is not in ALLOWED_TENANT_IDS' });
      }
      if (target.personal) {
        let activityId: string | undefined;
        await continueIn(target.address, async (context) => {
          activityId = (await context.sendActivity(cardMessage(card)))?.id;
        });
        if (!activityId)
          throw new PulseError('ahp_pulse_teams_incomplete_answer', `Teams did not return the id of the message sent to chat ${target.channelId}.`);
        return {
          teamId: '',
          channelId: target.channelId,
          conversationId: target.channelId,
          activityId,
          serviceUrl: target.serviceUrl,
          address: target.address,
          postedAt: new Date().toISOString(),
        };
      }
      // A new thread in the channel: what TeamsInfo.sendMessageToTeamsChannel does, called
      // directly so that it also works with authentication off (an empty app id), and through
      // the connector client itself: botbuilder's createConversationAsync hands its callback
      // the new conversation's id as the activity id and drops the card's real activityId,
      // which every later update and delete must name.
      let created: ConversationResourceResponse | undefined;
      const parameters = {
        isGroup: true,
        channelData: { channel: { id: target.channelId }, tenant: { id: target.tenantId } },
        activity: cardMessage(card) as Activity,
        tenantId: target.tenantId,
      } as ConversationParameters;
      await continueIn({ ...target.address, serviceUrl: target.serviceUrl }, async (context) => {
        const client = context.turnState.get<ConnectorConversations>(adapter.ConnectorClientKey);
        created = await client.conversations.createConversation(parameters);
      });
      if (!created?.id) throw new PulseError('ahp_pulse_teams_incomplete_answer', `Teams did not return the new post in channel ${target.channelId}.`);
      // Teams answers with the card's id; a connector that leaves it out still names it in the thread id.
      const activityId = created.activityId || threadRootId(created.id);
      if (!activityId)
        throw new PulseError('ahp_pulse_teams_incomplete_answer', `Teams did not say which message the new post in channel ${target.channelId} is.`);
      const serviceUrl = created.serviceUrl || target.serviceUrl;
      const address = {
        channelId: Channels.Msteams,
        serviceUrl,
        conversation: { id: created.id, isGroup: true, conversationType: 'channel', tenantId: target.tenantId },
        ...(target.address.bot ? { bot: target.address.bot } : {}),
      };
      return {
        teamId: target.teamId,
        channelId: target.channelId,
        conversationId: created.id,
        activityId,
        serviceUrl,
        address: address as Posting['address'],
        postedAt: new Date().toISOString(),
      };
    }),
    updateCard: classified(async (posting: Posting, card: object) => {
      await continueIn(posting.address, async (context) => {
        await context.updateActivity({ ...cardMessage(card), id: posting.activityId, type: 'message' });
      });
    }),
    replyInThread: classified(async (posting: Posting, text: string) => {
      await continueIn(posting.address, async (context) => {
        await context.sendActivity(text);
      });
    }),
    deleteCard: classified(async (posting: Posting) => {
      await continueIn(posting.address, async (context) => {
        await context.deleteActivity(posting.activityId);
      });
    }),
  };
}

/**
 * What a Bot Connector error means for the outbox. 429: wait as Teams says. 403: the bot was
 * removed or blocked (MessageWritesBlocked): do not retry. 404: the conversation is gone.
 * 408, 412, 5xx and network errors: try again later.
 */
export function classifySendError(error: unknown): SendFailure {
  const e = error as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = e?.statusCode;
  const message = e?.message ?? String(error);
  if (status === 429) {
    const header = e.response?.headers?.get?.('retry-after');
    const seconds = header !== undefined ? Number(header) : NaN;
    return Number.isFinite(seconds) ? { kind: 'throttled', retryAfterMs: seconds * 1000 } : { kind: 'throttled' };
  }
  if (status === 403) return { kind: 'blocked', reason: `the bot can no longer post here (403: ${message})` };
  if (status === 404) return { kind: 'permanent', reason: `the conversation no longer exists (404: ${message})` };
  if (status === 413) return { kind: 'permanent', reason: 'the card is too big for Teams (413)' };
  if (status === undefined || status === 408 || status === 412 || status >= 500) {
    return { kind: 'transient', reason: status ? `Teams answered ${status}: ${message}` : `network error: ${message}` };
  }
  return { kind: 'permanent', reason: `Teams refused it (${status}: ${message})` };
}
