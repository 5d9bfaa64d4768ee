/** What the help card lists. Commands join this list as they are built. */
export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
}

export const COMMANDS: readonly CommandHelp[] = [{ usage: 'help', summary: 'Shows this list of what AHP Pulse can do.' }];

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
