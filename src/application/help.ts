/** What the help card lists. Commands join this list as they are built. */
export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
}

export const COMMANDS: readonly CommandHelp[] = [
  { usage: 'help', summary: 'Shows this list of what AHP Pulse can do.' },
  { usage: 'profession', summary: 'Tells AHP Pulse your profession, so your answers count towards it. Changeable.' },
  { usage: 'poll', summary: 'Leads: lists the ready-made polls. In a channel, "poll <name>" posts one there.' },
  { usage: 'close <poll id>', summary: 'Leads: closes one of your polls early (admins: any poll).' },
  { usage: 'compose', summary: 'Leads, in our chat: builds a launch one question at a time, shows the card, then launches it. "compose like <poll id>" starts from a past poll.' },
  { usage: 'launch <name> to=all|here|<team>', summary: 'Leads: posts a poll to many channels, now or at=<time>, within Teams\' limits.' },
  { usage: 'weekly <name> day=monday time=09:00', summary: 'Leads: the same poll every week (UK time); "weekly" lists them, "weekly stop <id>" stops one.' },
  { usage: 'status | cancel | recall <poll id>', summary: 'Leads: where a launch has reached; call off what has not gone; take down what has.' },
  { usage: 'digest subscribe | unsubscribe', summary: 'In our chat: the weekly digest of what AHPs said, sent here every week.' },
  { usage: 'digest [last | <Monday> | list]', summary: 'Leads, in our chat: this week\'s digest so far, last week\'s, any week\'s, or the past ones.' },
  { usage: 'export poll <poll id> | week [<Monday>]', summary: 'Leads, in our chat: a CSV of the responses (anonymous polls without names), with a data dictionary.' },
  { usage: 'lead add | remove <object id>', summary: 'Admins: adds or removes a professional lead ("leads" lists them).' },
];

export interface HelpView {
  readonly intro: string;
  readonly commands: readonly CommandHelp[];
  readonly where: string;
}

export function helpView(where: 'personal' | 'channel' | 'groupChat'): HelpView {
  return {
    intro:
      'AHP Pulse brings short polls and prompts about the draft priorities of the allied health professions strategy into your Teams channels, and shares a weekly digest of what AHPs said.',
    commands: COMMANDS,
    where:
      where === 'personal'
        ? 'Type a command here in our chat.'
        : 'In a channel, @mention AHP Pulse before the command, for example "@AHP Pulse help".',
  };
}
