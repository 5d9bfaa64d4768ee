import { auditCommand } from '../application/audit-command';
import type { BotDeps } from '../application/bot-deps';
import { listChannels } from '../application/channels-command';
import { contentCommand } from '../application/content/manage-content';
import { digestCommand } from '../application/digest/digest-command';
import type { DigestDeps } from '../application/digest/digest-deps';
import { exportCommand } from '../application/digest/export-command';
import { trendCommand } from '../application/digest/trend-command';
import { showHelp } from '../application/help-command';
import { composeCommand } from '../application/launches/compose-command';
import { cancelLaunch, launchFromArgs, launchStatus } from '../application/launches/launch-poll';
import { manageWeekly } from '../application/launches/weekly-command';
import { manageLeads } from '../application/leads-command';
import { deleteMyData, myData } from '../application/my-data-command';
import { closePollByRequest } from '../application/polls/close-poll';
import { myPolls } from '../application/polls/my-polls-command';
import { pollCommand } from '../application/polls/poll-command';
import { type ProfileDeps, showProfile } from '../application/profile-command';
import { type CommandInput, CommandTable } from '../application/routing/commands';
import { NOT_A_POLL_ID, type Reply, textReply } from '../application/routing/reply';
import type { RouteHelp } from '../application/routing/router';
import type { CardRenderer } from '../cards/card-renderer';
import { isPollId } from '../domain/markdown';
import { helpDeps } from './verb-table';

/**
 * Every text command, who may use it, the help card's lines for it, and its handler. Unknown
 * words get the help card, drawn from these same routes for the reader's role.
 */
export function buildCommandTable(cards: CardRenderer, polls: BotDeps, profile: ProfileDeps, digests: DigestDeps): CommandTable {
  const lead = (doing: string, ...help: RouteHelp[]) => ({ requires: 'lead' as const, doing, help });
  const admin = (doing: string, ...help: RouteHelp[]) => ({ requires: 'admin' as const, doing, help });
  const anyone = (...help: RouteHelp[]) => ({ help });
  const help = (input: CommandInput) => showHelp(helpDeps(cards, polls, table), input.actor, input.where);
  // Who may use each command is declared here, with it; the router checks it before the handler runs.
  const table: CommandTable = new CommandTable(help, polls.roles)
    .on('help', anyone({ usage: 'help', summary: 'Shows this card.' }), help)
    .on('profession', anyone({ usage: 'profession', summary: 'Tells AHP Pulse your profession, so your answers count towards it. Changeable.' }), (input) =>
      showProfile(profile, input.actor),
    )
    .on(
      'my',
      {
        requires: (input) => (input.args[0]?.toLowerCase() === 'polls' ? 'lead' : 'everyone'),
        doing: 'see polls of their own (anyone can write "my data")',
        help: [
          { usage: 'my data', summary: 'In our chat: everything AHP Pulse holds about you.', for: 'everyone' },
          { usage: 'my polls', summary: 'Your polls, newest first: answers, where each went, and Status, Close, Recall, Duplicate, Export.', for: 'lead' },
        ],
      },
      (input) => {
        const what = input.args[0]?.toLowerCase();
        return what === 'data' ? myData(polls, input) : what === 'polls' ? myPolls(polls, input) : help(input);
      },
    )
    .on('delete', anyone({ usage: 'delete my data', summary: 'In our chat: erases all of it, after you confirm.' }), (input) => deleteMyData(polls, input))
    .on(
      'digest',
      {
        requires: (input) => (['subscribe', 'unsubscribe'].includes(input.args[0]?.toLowerCase() ?? '') ? 'everyone' : 'lead'),
        doing: 'ask for digests (anyone can write "digest subscribe" to get the weekly digest in our chat)',
        help: [
          { usage: 'digest subscribe | unsubscribe', summary: 'In our chat: the weekly digest of what AHPs said, sent here every week.', for: 'everyone' },
          {
            usage: 'digest [last | <Monday> | list]',
            summary: "In our chat: this week's digest so far, last week's, any week's, or the past ones.",
            for: 'lead',
          },
        ],
      },
      (input) => digestCommand(digests, input),
    )
    .on('poll', lead('start polls', { usage: 'poll', summary: 'Lists the ready-made polls. In a channel, "poll <name>" posts one there.' }), (input) =>
      pollCommand(polls, input),
    )
    .on(
      'close',
      lead('close polls', { usage: 'close <poll id>', summary: 'Closes one of your polls early (admins: any poll).' }),
      withPollId('close', (pollId, input) => closePollByRequest(polls, pollId, input.actor)),
    )
    .on(
      'compose',
      lead('launch polls', {
        usage: 'compose [like <poll id>] | compose steps',
        summary:
          'Opens the poll form: your own question and options, a preview, then post it or launch it. "compose steps", in our chat, builds a launch one question at a time instead.',
      }),
      (input) => composeCommand(polls, input),
    )
    .on(
      'launch',
      lead('launch polls', {
        usage: 'launch <name> to=all|here|<team>',
        summary: "Posts a poll to many channels, now or at=<time>, within Teams' limits. You hear back in our chat when it has gone.",
      }),
      async (input) => launchFromArgs(polls, { actor: input.actor, args: input.args, ...(input.channel ? { here: input.channel } : {}) }),
    )
    .on(
      'weekly',
      lead('set up weekly pulses', {
        usage: 'weekly <name> day=monday time=09:00',
        summary: 'The same poll every week (UK time); "weekly" lists them, "weekly stop <id>" stops one.',
      }),
      (input) => manageWeekly(polls, input.actor, input.args),
    )
    .on(
      'status',
      lead('see delivery status', { usage: 'status <poll id>', summary: 'Where a launch has reached: how many channels have it, and what failed.' }),
      withPollId('status', (pollId, input) => launchStatus(polls, pollId, input.actor)),
    )
    // Leads (authors) and admins; the handler then checks it is the poll's author or an admin.
    .on(
      'cancel',
      lead('cancel launches', { usage: 'cancel <poll id>', summary: 'Calls off what of a launch has not gone yet.' }),
      withPollId('cancel', (pollId, input) => cancelLaunch(polls, pollId, input.actor, false)),
    )
    .on(
      'recall',
      lead('recall polls', { usage: 'recall <poll id>', summary: 'Takes down what has gone, and calls off the rest.' }),
      withPollId('recall', (pollId, input) => cancelLaunch(polls, pollId, input.actor, true)),
    )
    .on(
      'trend',
      lead('see a priority week by week', {
        usage: 'trend <priority id>',
        summary: "In our chat: one draft priority's support in each weekly digest of the last quarter.",
      }),
      (input) => trendCommand(digests, input),
    )
    .on(
      'export',
      lead('export responses', {
        usage: 'export poll <poll id> | week [<Monday>]',
        summary: 'In our chat: a CSV of the responses to your polls (anonymous ones without names), with a data dictionary. Single-use links.',
      }),
      (input) => exportCommand(digests, input),
    )
    .on('lead', admin('add or remove leads', { usage: 'lead add | remove <object id>', summary: 'Adds or removes a professional lead.' }), (input) =>
      manageLeads(polls, input.actor, input.args),
    )
    .on('leads', admin('list the leads', { usage: 'leads', summary: 'Lists the professional leads.' }), (input) => manageLeads(polls, input.actor, ['list']))
    .on(
      'content',
      admin('edit the content', {
        usage: 'content',
        summary: 'In our chat: the draft priorities and the workforce figures, to edit, add or retire; each change is audited.',
      }),
      (input) => contentCommand(polls, input),
    )
    .on(
      'channels',
      admin('list the channel ids of a team', { usage: 'channels', summary: 'In a team channel: the ids of its channels, for DIGEST_CHANNEL_IDS.' }),
      (input) => listChannels(polls, input),
    )
    .on(
      'audit',
      admin('read the audit log', { usage: 'audit [days]', summary: 'In our chat: who launched, closed, recalled, exported or deleted what, and when.' }),
      (input) => auditCommand(polls, input),
    );
  return table;
}

/** A command about one poll: its first argument must have a poll id's shape before it is looked up, and is never echoed otherwise. */
function withPollId(command: string, handler: (pollId: string, input: CommandInput) => Promise<Reply>): (input: CommandInput) => Promise<Reply> {
  return async (input) => {
    const pollId = input.args[0];
    if (!pollId) return textReply(`Which poll? Write "${command}" and the poll id, for example "${command} p1a2b3c4d5".`);
    if (!isPollId(pollId)) return textReply(NOT_A_POLL_ID);
    return handler(pollId, input);
  };
}
