/**
 * Where the bot is installed, so it can post there later without being spoken to first.
 * A team installation lists the team's channels; a personal installation is one person's
 * chat with the bot. Pure data and pure functions: nothing here knows about Teams' SDK.
 */

/** A conversation reference as the messaging platform gave it: opaque to the domain. */
export type ConversationAddress = Readonly<Record<string, unknown>>;

export type InstallationStatus = 'active' | 'removed';

export interface Channel {
  readonly id: string;
  readonly name: string;
  /** Teams refused a post here (403): the bot was removed or blocked. Launches skip it. */
  readonly unreachableSince?: string;
}

interface InstallationBase {
  readonly id: string;
  readonly tenantId: string;
  readonly serviceUrl: string;
  readonly address: ConversationAddress;
  readonly status: InstallationStatus;
  readonly installedAt: string;
  readonly updatedAt: string;
  readonly removedAt?: string;
}

export interface TeamInstallation extends InstallationBase {
  readonly kind: 'team';
  readonly teamId: string;
  readonly teamName: string;
  readonly channels: readonly Channel[];
}

export interface PersonalInstallation extends InstallationBase {
  readonly kind: 'personal';
  readonly aadObjectId: string;
  readonly userName: string;
}

export type Installation = TeamInstallation | PersonalInstallation;

export const GENERAL_CHANNEL_NAME = 'General';

export function teamInstallationId(teamId: string): string {
  return `team:${teamId}`;
}

export function personalInstallationId(aadObjectId: string): string {
  return `personal:${aadObjectId}`;
}

/** Teams gives the General channel the team's own id and no name. */
export function normaliseChannels(teamId: string, channels: readonly { id?: string; name?: string }[]): Channel[] {
  const seen = new Map<string, Channel>();
  for (const channel of channels) {
    if (!channel.id) continue;
    const name = channel.name?.trim() || (channel.id === teamId ? GENERAL_CHANNEL_NAME : channel.id);
    seen.set(channel.id, { id: channel.id, name });
  }
  if (!seen.has(teamId)) seen.set(teamId, { id: teamId, name: GENERAL_CHANNEL_NAME });
  return [...seen.values()].sort((a, b) => (a.id === teamId ? -1 : b.id === teamId ? 1 : a.name.localeCompare(b.name)));
}

export function withChannel(installation: TeamInstallation, channel: Channel, now: string): TeamInstallation {
  const channels = normaliseChannels(installation.teamId, [...installation.channels.filter((c) => c.id !== channel.id), channel]);
  return { ...installation, channels, updatedAt: now };
}

export function withoutChannel(installation: TeamInstallation, channelId: string, now: string): TeamInstallation {
  if (channelId === installation.teamId) return installation; // the General channel cannot be deleted
  return { ...installation, channels: installation.channels.filter((c) => c.id !== channelId), updatedAt: now };
}

export function markRemoved<T extends Installation>(installation: T, now: string): T {
  return { ...installation, status: 'removed', removedAt: now, updatedAt: now };
}
