import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/app/system-clock';
import type { Clock } from '../../src/application/ports/clock';

/**
 * Activities shaped as Teams sends them (captured shapes, with ids made up): an install in a
 * team arrives as an installationUpdate and a conversationUpdate, the General channel's id
 * doubles as the team's id, and the tenant rides in both conversation and channelData.
 */

export const TENANT_ID = '72f988bf-0000-4000-8000-00000000a11e';
export const BOT_ID = '28:00000000-0000-4000-8000-0000000b0700';

export interface TeamFixture {
  readonly teamId: string;
  readonly name: string;
  readonly aadGroupId: string;
}

export const AHP_COMMUNITY: TeamFixture = {
  teamId: '19:ahpcommunitygeneral0001@thread.tacv2',
  name: 'AHP Community',
  aadGroupId: 'a0a0a0a0-0000-4000-8000-00000000c0de',
};

export interface PersonFixture {
  readonly userId: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export const LEAD: PersonFixture = {
  userId: '29:1leadpersonAAAAAAAAAAAAAAAAAAAAAAAA',
  aadObjectId: '11111111-1111-4111-8111-111111111111',
  name: 'Priya Lead',
};

/**
 * The clock Teams stamps activities with. It is the real clock unless a test moves the bot's
 * clock (`botUnderTest(…, { clock })` sets it to that clock and back), since in production
 * Teams and the bot share one calendar: an answer's `timestamp` is when it was given.
 */
let teamsClock: Clock = systemClock;
export function stampActivitiesWith(clock: Clock | undefined): void {
  teamsClock = clock ?? systemClock;
}

function base(serviceUrl: string, from: PersonFixture): Record<string, unknown> {
  const now = teamsClock.now().toISOString();
  return {
    id: `f:${randomUUID()}`,
    timestamp: now,
    localTimestamp: now,
    channelId: 'msteams',
    serviceUrl,
    from: { id: from.userId, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: BOT_ID, name: 'AHP Pulse' },
    locale: 'en-GB',
    entities: [{ type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/London' }],
  };
}

function teamConversation(team: TeamFixture, channelId = team.teamId): Record<string, unknown> {
  return { isGroup: true, conversationType: 'channel', tenantId: TENANT_ID, id: channelId };
}

function teamChannelData(team: TeamFixture, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    team: { aadGroupId: team.aadGroupId, name: team.name, id: team.teamId },
    tenant: { id: TENANT_ID },
    ...extra,
  };
}

export function teamInstallationUpdate(serviceUrl: string, team: TeamFixture, action: 'add' | 'remove' = 'add', by = LEAD) {
  return {
    ...base(serviceUrl, by),
    type: 'installationUpdate',
    action,
    conversation: teamConversation(team),
    channelData: teamChannelData(team, {
      settings: { selectedChannel: { id: team.teamId } },
      channel: { id: team.teamId },
      source: { name: 'message' },
    }),
  };
}

export function teamBotAdded(serviceUrl: string, team: TeamFixture, by = LEAD) {
  return {
    ...base(serviceUrl, by),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT_ID }],
    conversation: teamConversation(team),
    channelData: teamChannelData(team, { eventType: 'teamMemberAdded' }),
  };
}

export function teamBotRemoved(serviceUrl: string, team: TeamFixture, by = LEAD) {
  return {
    ...base(serviceUrl, by),
    type: 'conversationUpdate',
    membersRemoved: [{ id: BOT_ID }],
    conversation: teamConversation(team),
    channelData: teamChannelData(team, { eventType: 'teamMemberRemoved' }),
  };
}

export function channelEvent(
  serviceUrl: string,
  team: TeamFixture,
  eventType: 'channelCreated' | 'channelRenamed' | 'channelDeleted' | 'teamRenamed',
  channel: { id: string; name?: string },
) {
  return {
    ...base(serviceUrl, LEAD),
    type: 'conversationUpdate',
    conversation: teamConversation(team),
    channelData: teamChannelData(eventType === 'teamRenamed' ? { ...team, name: channel.name ?? team.name } : team, { eventType, channel }),
  };
}

export function personalConversationId(person: PersonFixture): string {
  return `a:1personal-${person.aadObjectId}`;
}

function personalConversation(person: PersonFixture): Record<string, unknown> {
  return { conversationType: 'personal', tenantId: TENANT_ID, id: personalConversationId(person) };
}

export function personalInstallationUpdate(serviceUrl: string, person: PersonFixture, action: 'add' | 'remove' = 'add') {
  return {
    ...base(serviceUrl, person),
    type: 'installationUpdate',
    action,
    conversation: personalConversation(person),
    channelData: { tenant: { id: TENANT_ID }, source: { name: 'message' } },
  };
}

export function personalBotAdded(serviceUrl: string, person: PersonFixture) {
  return {
    ...base(serviceUrl, person),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT_ID }],
    conversation: personalConversation(person),
    channelData: { tenant: { id: TENANT_ID } },
  };
}

export function personalMessage(serviceUrl: string, person: PersonFixture, text: string, value?: unknown) {
  return {
    ...base(serviceUrl, person),
    type: 'message',
    text,
    textFormat: 'plain',
    ...(value === undefined ? {} : { value }),
    conversation: personalConversation(person),
    channelData: { tenant: { id: TENANT_ID } },
  };
}

export function channelMention(serviceUrl: string, team: TeamFixture, person: PersonFixture, text: string) {
  return {
    ...base(serviceUrl, person),
    type: 'message',
    text: `<at>AHP Pulse</at> ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: '<at>AHP Pulse</at>', mentioned: { id: BOT_ID, name: 'AHP Pulse' } }],
    conversation: teamConversation(team, `${team.teamId};messageid=1700000000000`),
    channelData: teamChannelData(team, { channel: { id: team.teamId } }),
  };
}

export function cardActionInvoke(
  serviceUrl: string,
  conversation: Record<string, unknown>,
  person: PersonFixture,
  verb: string,
  data: Record<string, unknown> = {},
  channelData: Record<string, unknown> = { tenant: { id: TENANT_ID } },
) {
  return {
    ...base(serviceUrl, person),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    conversation,
    channelData,
    replyToId: '1700000000001',
  };
}

export function personalConversationOf(person: PersonFixture): Record<string, unknown> {
  return personalConversation(person);
}

/**
 * What Teams sends when a card's Action.Submit is pressed in a channel thread (the fallback of
 * an Action.Execute on clients without Universal Actions): a message with no text, the
 * action's data merged with the card's inputs as its value, replying to the card's message.
 */
export function channelCardSubmit(
  serviceUrl: string,
  team: TeamFixture,
  person: PersonFixture,
  thread: { conversationId: string; channelId: string; cardActivityId: string },
  value: Record<string, unknown>,
) {
  return {
    ...base(serviceUrl, person),
    type: 'message',
    value,
    conversation: teamConversation(team, thread.conversationId),
    channelData: teamChannelData(team, { channel: { id: thread.channelId } }),
    replyToId: thread.cardActivityId,
  };
}

/**
 * An invoke of a message extension or a dialog, as Teams sends it (composeExtension/fetchTask,
 * composeExtension/submitAction, task/fetch, task/submit): from a team channel's compose box,
 * or in a person's chat with the bot.
 */
export function formInvoke(
  serviceUrl: string,
  person: PersonFixture,
  name: string,
  value: Record<string, unknown>,
  where: { team: TeamFixture; channelId?: string } | 'personal',
) {
  const channelId = where === 'personal' ? '' : (where.channelId ?? where.team.teamId);
  return {
    ...base(serviceUrl, person),
    type: 'invoke',
    name,
    value,
    conversation: where === 'personal' ? personalConversation(person) : teamConversation(where.team, channelId),
    channelData:
      where === 'personal' ? { tenant: { id: TENANT_ID } } : teamChannelData(where.team, { channel: { id: channelId }, source: { name: 'compose' } }),
  };
}
