import { teamInstallationId } from '../domain/installation';
import { inert } from '../domain/markdown';
import type { BotDeps } from './bot-deps';
import type { CommandInput } from './routing/commands';
import { type Reply, textReply } from './routing/reply';

/**
 * `channels` (admins, typed in a team channel): the ids of that team's channels, for
 * DIGEST_CHANNEL_IDS and for launching by team, as the bot knows them from its installation.
 */
export async function listChannels(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (input.where !== 'channel' || !input.channel) {
    return textReply('Type "channels" in a channel of the team whose channel ids you want (mention AHP Pulse there).');
  }
  const team = await deps.store.installations.get(teamInstallationId(input.channel.teamId));
  if (team?.kind !== 'team') return textReply('AHP Pulse has no record of this team yet: remove it from the team and add it again.');
  const lines = team.channels.map((c) => `${inert(c.name)}: ${c.id}${c.unreachableSince ? ' (the bot cannot post there)' : ''}`);
  return textReply(
    `Channels of ${inert(team.teamName)} (team id ${team.teamId}): ${lines.join('; ')}. For the weekly digest, put one or more ids in DIGEST_CHANNEL_IDS, separated by commas.`,
  );
}
