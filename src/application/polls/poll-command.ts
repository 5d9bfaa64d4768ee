import type { BotDeps } from '../bot-deps';
import type { CommandInput } from '../routing/commands';
import type { Reply } from '../routing/reply';
import { startPoll, templatesReply } from './start-poll';

/**
 * `poll` (leads; the command table checks): in a channel, `poll <template> key=value…` starts
 * one there; anywhere, `poll` alone lists the templates.
 */
export async function pollCommand(deps: BotDeps, input: CommandInput): Promise<Reply> {
  if (!input.channel) {
    return templatesReply(
      deps,
      input.args.length === 0 ? undefined : 'Polls are posted in channels: @mention AHP Pulse in the channel where the poll should go.',
    );
  }
  if (input.args.length === 0) return templatesReply(deps);
  return startPoll(deps, { actor: input.actor, args: input.args, target: input.channel });
}
