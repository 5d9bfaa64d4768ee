import { deleteMyData, myData } from '../application/my-data-command';
import { listChannels } from '../application/channels-command';
import { auditCommand } from '../application/audit-command';
import { composeCommand } from '../application/launches/compose-command';
import { type CommandInput, type CommandReply, CommandTable } from '../application/routing/commands';
import { NOT_A_POLL_ID } from '../application/routing/reply';
import { isPollId } from '../domain/markdown';
import { showHelp } from '../application/help-command';
import { helpDeps } from './verb-table';
import { manageLeads } from '../application/leads-command';
import { closePollByRequest } from '../application/polls/close-poll';
import type { BotDeps } from '../application/bot-deps';
import { pollCommand } from '../application/polls/poll-command';
import { cancelLaunch, launchFromArgs, launchStatus } from '../application/launches/launch-poll';
import { manageWeekly } from '../application/launches/weekly-command';
import { type ProfileDeps, showProfile } from '../application/profile-command';
import type { CardRenderer } from '../cards/card-renderer';
import { digestCommand } from '../application/digest/digest-command';
import { exportCommand } from '../application/digest/export-command';
import { trendCommand } from '../application/digest/trend-command';
import type { DigestDeps } from '../application/digest/digest-deps';

/** Every text command and its handler. Unknown words get the help card. */
export function buildCommandTable(cards: CardRenderer, polls: BotDeps, profile: ProfileDeps, digests: DigestDeps): CommandTable {
  const help = helpDeps(cards, polls);
  const lead = (doing: string) => ({ requires: 'lead' as const, doing });
  const admin = (doing: string) => ({ requires: 'admin' as const, doing });
  // Who may use each command is declared here, with it; the router checks it before the handler runs.
  return (
    new CommandTable((input) => showHelp(help, input.actor, input.where), polls.roles)
      .on('help', (input) => showHelp(help, input.actor, input.where))
      .on('profession', (input) => showProfile(profile, input.actor))
      .on('my', (input) => (input.args[0]?.toLowerCase() === 'data' ? myData(polls, input) : showHelp(help, input.actor, input.where)))
      .on('delete', (input) => deleteMyData(polls, input))
      .on('poll', lead('start polls'), (input) => pollCommand(polls, input))
      .on('lead', admin('add or remove leads'), (input) => manageLeads(polls, input.actor, input.args))
      .on('leads', admin('list the leads'), (input) => manageLeads(polls, input.actor, ['list']))
      .on('weekly', lead('set up weekly pulses'), (input) => manageWeekly(polls, input.actor, input.args))
      .on('compose', lead('launch polls'), (input) => composeCommand(polls, input))
      .on('launch', lead('launch polls'), async (input) =>
        launchFromArgs(polls, { actor: input.actor, args: input.args, ...(input.channel ? { here: input.channel } : {}) }),
      )
      .on(
        'status',
        lead('see delivery status'),
        withPollId('status', (pollId, input) => launchStatus(polls, pollId, input.actor)),
      )
      // Leads (authors) and admins; the handler then checks it is the poll's author or an admin.
      .on(
        'cancel',
        lead('cancel launches'),
        withPollId('cancel', (pollId, input) => cancelLaunch(polls, pollId, input.actor, false)),
      )
      .on(
        'recall',
        lead('recall polls'),
        withPollId('recall', (pollId, input) => cancelLaunch(polls, pollId, input.actor, true)),
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
      .on('trend', lead('see a priority week by week'), (input) => trendCommand(digests, input))
      .on('audit', admin('read the audit log'), (input) => auditCommand(polls, input))
      .on('channels', admin('list the channel ids of a team'), (input) => listChannels(polls, input))
      .on(
        'close',
        lead('close polls'),
        withPollId('close', (pollId, input) => closePollByRequest(polls, pollId, input.actor)),
      )
  );
}

/** A command about one poll: its first argument must have a poll id's shape before it is looked up, and is never echoed otherwise. */
function withPollId(command: string, handler: (pollId: string, input: CommandInput) => Promise<CommandReply>): (input: CommandInput) => Promise<CommandReply> {
  return async (input) => {
    const pollId = input.args[0];
    if (!pollId) return { kind: 'text', text: `Which poll? Write "${command}" and the poll id, for example "${command} p1a2b3c4d5".` };
    if (!isPollId(pollId)) return { kind: 'text', text: NOT_A_POLL_ID };
    return handler(pollId, input);
  };
}
