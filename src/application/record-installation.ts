import {
  type Channel,
  type ConversationAddress,
  type Installation,
  markRemoved,
  normaliseChannels,
  type PersonalInstallation,
  personalInstallationId,
  type TeamInstallation,
  teamInstallationId,
  withChannel,
  withoutChannel,
} from '../domain/installation';
import type { Clock } from './ports/clock';
import type { Store } from './ports/store';

/**
 * Use cases that keep the record of where the bot is installed. The Teams adapter turns
 * activities into these plain inputs; nothing here knows about activities.
 */

export interface InstallationDeps {
  readonly store: Store;
  readonly clock: Clock;
}

interface Where {
  readonly tenantId: string;
  readonly serviceUrl: string;
  readonly address: ConversationAddress;
}

export interface TeamSeen extends Where {
  readonly teamId: string;
  readonly teamName: string;
  readonly channels: readonly { id?: string; name?: string }[];
}

export interface PersonSeen extends Where {
  readonly aadObjectId: string;
  readonly userName: string;
}

/**
 * Saves an installation seen again (or for the first time): an active record keeps its
 * installedAt and fills gaps from what it had; a removed one starts afresh.
 */
async function recordInstallation<T extends Installation>(
  deps: InstallationDeps,
  id: string,
  seen: Where,
  build: (previous: T | undefined) => Omit<T, keyof InstallationCommon>,
  kind: T['kind'],
): Promise<T> {
  const now = deps.clock.now().toISOString();
  const existing = await deps.store.installations.get(id);
  const previous = existing?.kind === kind && existing.status === 'active' ? (existing as T) : undefined;
  const installation = {
    ...build(previous),
    id,
    tenantId: seen.tenantId,
    serviceUrl: seen.serviceUrl,
    address: seen.address,
    status: 'active',
    installedAt: previous?.installedAt ?? now,
    updatedAt: now,
  } as T;
  await deps.store.installations.save(installation);
  return installation;
}

type InstallationCommon = Pick<Installation, 'id' | 'tenantId' | 'serviceUrl' | 'address' | 'status' | 'installedAt' | 'updatedAt' | 'removedAt'>;

export function recordTeamInstallation(deps: InstallationDeps, seen: TeamSeen): Promise<TeamInstallation> {
  return recordInstallation<TeamInstallation>(
    deps,
    teamInstallationId(seen.teamId),
    seen,
    (previous) => ({
      kind: 'team',
      teamId: seen.teamId,
      teamName: seen.teamName || previous?.teamName || seen.teamId,
      channels: normaliseChannels(seen.teamId, seen.channels.length > 0 ? seen.channels : (previous?.channels ?? [])),
    }),
    'team',
  );
}

export function recordPersonalInstallation(deps: InstallationDeps, seen: PersonSeen): Promise<PersonalInstallation> {
  return recordInstallation<PersonalInstallation>(
    deps,
    personalInstallationId(seen.aadObjectId),
    seen,
    (previous) => ({ kind: 'personal', aadObjectId: seen.aadObjectId, userName: seen.userName || previous?.userName || '' }),
    'personal',
  );
}

export type ChannelChange =
  | { readonly type: 'created' | 'renamed' | 'restored'; readonly channel: Channel }
  | { readonly type: 'deleted'; readonly channelId: string }
  | { readonly type: 'team-renamed'; readonly teamName: string };

/**
 * Applies one channel or team change to an active team record. A change for a team the
 * bot has no record of records the team afresh (from `seen`), so no event is lost.
 */
export async function recordChannelChange(deps: InstallationDeps, seen: TeamSeen, change: ChannelChange): Promise<TeamInstallation> {
  const existing = await deps.store.installations.get(teamInstallationId(seen.teamId));
  const base = existing?.kind === 'team' && existing.status === 'active' ? existing : await recordTeamInstallation(deps, seen);
  const now = deps.clock.now().toISOString();
  const updated =
    change.type === 'deleted'
      ? withoutChannel(base, change.channelId, now)
      : change.type === 'team-renamed'
        ? { ...base, teamName: change.teamName || base.teamName, updatedAt: now }
        : withChannel(base, change.channel, now);
  await deps.store.installations.save(updated);
  return updated;
}

/** Teams said the bot can no longer post in a channel (403): launches leave it out from now on. */
export async function markChannelUnreachable(deps: InstallationDeps, teamId: string, channelId: string): Promise<void> {
  const existing = await deps.store.installations.get(teamInstallationId(teamId));
  if (existing?.kind !== 'team') return;
  const now = deps.clock.now().toISOString();
  const channels = existing.channels.map((c) => (c.id === channelId && !c.unreachableSince ? { ...c, unreachableSince: now } : c));
  await deps.store.installations.save({ ...existing, channels, updatedAt: now });
}

/** The bot was removed: keep the record (for delivery history) but stop using it. */
export async function recordUninstall(deps: InstallationDeps, id: string): Promise<Installation | undefined> {
  const existing = await deps.store.installations.get(id);
  if (!existing || existing.status === 'removed') return existing;
  const removed = markRemoved(existing, deps.clock.now().toISOString());
  await deps.store.installations.save(removed);
  await deps.store.installations.releaseWelcome(id); // a later reinstall is welcomed again
  return removed;
}

/**
 * Sends the welcome card at most once per installation. Teams sends both an
 * installationUpdate and a conversationUpdate for one install, sometimes at once.
 */
export async function welcomeOnce(deps: InstallationDeps, id: string, send: () => Promise<void>): Promise<boolean> {
  const claimed = await deps.store.installations.claimWelcome(id, deps.clock.now().toISOString());
  if (!claimed) return false;
  try {
    await send();
    return true;
  } catch (error) {
    await deps.store.installations.releaseWelcome(id);
    throw error;
  }
}
