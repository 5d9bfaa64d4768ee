import { type Activity, Channels, type CloudAdapter, type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';
import type { ChannelTarget, Messenger } from '../../application/ports';
import type { Posting } from '../../domain/poll';
import { cardMessage } from './pulse-bot';

/**
 * Posts and updates cards outside a turn, through the Bot Connector, by continuing a stored
 * conversation. botbuilder's HTTP pipeline already retries 429 (honouring Retry-After) and
 * 5xx a few times; the durable outbox of the launch issue will own delivery beyond that.
 */
export function teamsMessenger(adapter: CloudAdapter, botAppId: string): Messenger {
  const continueIn = (address: Readonly<Record<string, unknown>>, logic: Parameters<CloudAdapter['continueConversationAsync']>[2]) =>
    adapter.continueConversationAsync(botAppId, address as unknown as Partial<ConversationReference>, logic);

  return {
    postCard: async (target: ChannelTarget, card: object): Promise<Posting> => {
      // A new thread in the channel: what TeamsInfo.sendMessageToTeamsChannel does, called
      // directly so that it also works with authentication off (an empty app id).
      let reference: Partial<ConversationReference> | undefined;
      let activityId: string | undefined;
      const parameters = {
        isGroup: true,
        channelData: { channel: { id: target.channelId }, tenant: { id: target.tenantId } },
        activity: cardMessage(card) as Activity,
        tenantId: target.tenantId,
      } as ConversationParameters;
      await adapter.createConversationAsync(botAppId, Channels.Msteams, target.serviceUrl, '', parameters, async (context) => {
        reference = TurnContext.getConversationReference(context.activity);
        activityId = context.activity.id;
      });
      if (!reference?.conversation?.id || !activityId) throw new Error(`Teams did not return the new post in channel ${target.channelId}.`);
      return {
        teamId: target.teamId,
        channelId: target.channelId,
        conversationId: reference.conversation.id,
        activityId,
        serviceUrl: reference.serviceUrl ?? target.serviceUrl,
        address: JSON.parse(JSON.stringify(reference)) as Posting['address'],
        postedAt: new Date().toISOString(),
      };
    },
    updateCard: async (posting, card) => {
      await continueIn(posting.address, async (context) => {
        await context.updateActivity({ ...cardMessage(card), id: posting.activityId, type: 'message' });
      });
    },
    replyInThread: async (posting, text) => {
      await continueIn(posting.address, async (context) => {
        await context.sendActivity(text);
      });
    },
  };
}
