import { composeCommand } from '../application/launches/compose';
import { type CommandReply, CommandTable } from '../application/commands';
import { showHelp } from '../application/help';
import { helpDeps } from './verb-table';
import { manageLeads } from '../application/leads';
import { closePollByRequest } from '../application/polls/close-poll';
import type { PollDeps } from '../application/polls/poll-deps';
import { pollCommand } from '../application/polls/poll-command';
import { cancelLaunch, launchPoll, launchStatus } from '../application/launches/launch';
import { manageWeekly } from '../application/launches/weekly';
import { type ProfileDeps, showProfile } from '../application/profile';
import type { CardRenderer } from '../cards/card-renderer';
import { digestCommand, exportCommand } from '../application/digest/digest-commands';
import type { DigestDeps } from '../application/digest/digest-deps';

/** Every text command and its handler. Unknown words get the help card. */
export function buildCommandTable(cards: CardRenderer, polls: PollDeps, profile: ProfileDeps, digests: DigestDeps): CommandTable {
  const text = (t: string): CommandReply => ({ kind: 'text', text: t });
  const help = helpDeps(cards, polls);
  const lead = (doing: string) => ({ requires: 'lead' as const, doing });
  const admin = (doing: string) => ({ requires: 'admin' as const, doing });
  // Who may use each command is declared here, with it; the router checks it before the handler runs.
  return new CommandTable((input) => showHelp(help, input.actor, input.where), polls.roles)
    .on('help', (input) => showHelp(help, input.actor, input.where))
    .on('profession', (input) => showProfile(profile, input.actor))
    .on('poll', lead('start polls'), (input) => pollCommand(polls, input))
    .on('lead', admin('add or remove leads'), (input) => manageLeads(polls, input.actor, input.args))
    .on('leads', admin('list the leads'), (input) => manageLeads(polls, input.actor, ['list']))
    .on('weekly', lead('set up weekly pulses'), (input) => manageWeekly(polls, input.actor, input.args))
    .on('compose', lead('launch polls'), (input) => composeCommand(polls, input))
    .on('launch', lead('launch polls'), async (input) =>
      launchPoll(polls, { actor: input.actor, args: input.args, ...(input.channel ? { here: input.channel } : {}) }),
    )
    .on('status', lead('see delivery status'), async (input) =>
      input.args[0] ? launchStatus(polls, input.args[0]) : text('Which poll? Write "status" and the poll id.'),
    )
    .on('cancel', async (input) =>
      input.args[0] ? cancelLaunch(polls, input.args[0], input.actor, false) : text('Which poll? Write "cancel" and the poll id.'),
    )
    .on('recall', async (input) =>
      input.args[0] ? cancelLaunch(polls, input.args[0], input.actor, true) : text('Which poll? Write "recall" and the poll id.'),
    )
    .on(
      'digest',
      {
        requires: (input) => (['subscribe', 'unsubscribe'].includes(input.args[0]?.toLowerCase() ?? '') ? 'everyone' : 'lead'),
        doing: 'ask for digests (anyone can write "digest subscribe" to get the weekly digest in our chat)',
      },
      (input) => digestCommand(digests, input),
    )
    .on('export', lead('export responses'), (input) => exportCommand(digests, input))
    .on('close', async (input) => {
      const pollId = input.args[0];
      if (!pollId) return text('Which poll? Write "close" and the poll id, for example "close p1a2b3c4d5".');
      return closePollByRequest(polls, pollId, input.actor);
    });
}
