import type { Actor } from '../domain/actor';
import type { CardReply } from './routing/card-actions';
import type { Roles } from './ports/roles';

/** One line of the help card. */
export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  /** Who sees it listed: commands for leads and admins are shown only to them. */
  readonly audience: Audience;
}

export type Audience = 'everyone' | 'lead' | 'admin';

export const COMMANDS: readonly CommandHelp[] = [
  { usage: 'help', summary: 'Shows this card.', audience: 'everyone' },
  { usage: 'profession', summary: 'Tells AHP Pulse your profession, so your answers count towards it. Changeable.', audience: 'everyone' },
  { usage: 'my data', summary: 'In our chat: everything AHP Pulse holds about you.', audience: 'everyone' },
  { usage: 'delete my data', summary: 'In our chat: erases all of it, after you confirm.', audience: 'everyone' },
  { usage: 'digest subscribe | unsubscribe', summary: 'In our chat: the weekly digest of what AHPs said, sent here every week.', audience: 'everyone' },
  { usage: 'poll', summary: 'Lists the ready-made polls. In a channel, "poll <name>" posts one there.', audience: 'lead' },
  { usage: 'close <poll id>', summary: 'Closes one of your polls early (admins: any poll).', audience: 'lead' },
  {
    usage: 'compose',
    summary: 'In our chat: builds a launch one question at a time, shows the card, then launches it. "compose like <poll id>" starts from a past poll.',
    audience: 'lead',
  },
  {
    usage: 'launch <name> to=all|here|<team>',
    summary: "Posts a poll to many channels, now or at=<time>, within Teams' limits. You hear back in our chat when it has gone.",
    audience: 'lead',
  },
  {
    usage: 'weekly <name> day=monday time=09:00',
    summary: 'The same poll every week (UK time); "weekly" lists them, "weekly stop <id>" stops one.',
    audience: 'lead',
  },
  { usage: 'status | cancel | recall <poll id>', summary: 'Where a launch has reached; call off what has not gone; take down what has.', audience: 'lead' },
  { usage: 'digest [last | <Monday> | list]', summary: "In our chat: this week's digest so far, last week's, any week's, or the past ones.", audience: 'lead' },
  { usage: 'trend <priority id>', summary: "In our chat: one draft priority's support in each weekly digest of the last quarter.", audience: 'lead' },
  {
    usage: 'export poll <poll id> | week [<Monday>]',
    summary: 'In our chat: a CSV of the responses to your polls (anonymous ones without names), with a data dictionary. Single-use links.',
    audience: 'lead',
  },
  { usage: 'lead add | remove <object id>', summary: 'Adds or removes a professional lead ("leads" lists them).', audience: 'admin' },
  { usage: 'channels', summary: 'In a team channel: the ids of its channels, for DIGEST_CHANNEL_IDS.', audience: 'admin' },
  { usage: 'audit [days]', summary: 'In our chat: who launched, closed, recalled, exported or deleted what, and when.', audience: 'admin' },
];

export interface HelpView {
  readonly intro: string;
  /** For everyone: how to answer, and change an answer. */
  readonly answering: readonly { readonly title: string; readonly value: string }[];
  /** What is kept about the person, per poll. */
  readonly stored: string;
  readonly commands: readonly CommandHelp[];
  readonly where: string;
  readonly contact: string;
}

/** The help card for one person: what everyone may do, and the lead's or admin's commands only for them. */
export function helpView(where: 'personal' | 'channel' | 'groupChat', role: { lead: boolean; admin: boolean }, contact: string): HelpView {
  const shown = (c: CommandHelp) => c.audience === 'everyone' || (c.audience === 'lead' && role.lead) || (c.audience === 'admin' && role.admin);
  return {
    intro:
      'AHP Pulse brings short polls and prompts about the draft priorities of the allied health professions strategy into your Teams channels, and shares a weekly digest of what AHPs said.',
    answering: [
      { title: 'Answer', value: 'Tap your choice on the poll card, or fill in the card and select "Send answer". One answer per person per poll.' },
      {
        title: 'Change',
        value: 'Answer again on the same card until the poll closes: your new answer replaces the old one. The card shows your answer back to you alone.',
      },
      {
        title: 'Results',
        value:
          'The card says when results show: at once, once you have answered, or once the poll closes, and never from fewer people than the small-number threshold.',
      },
    ],
    stored:
      "Each card says whether the poll is anonymous or named. Anonymous: your answer is kept with a code that cannot be turned back into your name, plus your profession if you set one. Named: your name and Teams identity are kept with your answer, and the poll's author can see them. Answers are deleted after the retention period; the weekly digest shows only totals from groups large enough to hide any one person.",
    commands: COMMANDS.filter(shown),
    where: where === 'personal' ? 'Type a command here in our chat.' : 'In a channel, @mention AHP Pulse before the command, for example "@AHP Pulse help".',
    contact: `AHP Pulse is run by ${contact}. Ask them about your data, or if something does not work.`,
  };
}

/** The help card for this person, here: their role decides which commands it lists. */
export interface HelpDeps {
  readonly present: (view: HelpView) => object;
  readonly roles: Roles;
  readonly supportContact: string;
}

export async function showHelp(deps: HelpDeps, actor: Actor, where: 'personal' | 'channel' | 'groupChat'): Promise<CardReply> {
  const role = { lead: await deps.roles.isLead(actor.aadObjectId), admin: deps.roles.isAdmin(actor.aadObjectId) };
  return { kind: 'card', card: deps.present(helpView(where, role, deps.supportContact)) };
}
