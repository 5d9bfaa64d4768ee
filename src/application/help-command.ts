import type { Actor } from '../domain/actor';
import type { Roles } from './ports/roles';
import { cardReply, type Reply } from './routing/reply';
import type { RouteHelp } from './routing/router';

export interface HelpView {
  readonly intro: string;
  /** For everyone: how to answer, and change an answer. */
  readonly answering: readonly { readonly title: string; readonly value: string }[];
  /** What is kept about the person, per poll. */
  readonly stored: string;
  /** The commands this reader may use, as their routes registered them (routing/router.ts). */
  readonly commands: readonly RouteHelp[];
  /** A lead's card opens the poll form from a button. */
  readonly canCreatePolls: boolean;
  readonly where: string;
  readonly contact: string;
}

/** The help card for one person: the commands their role lets them use (`commands`, from the command table), and how to answer. */
export function helpView(where: 'personal' | 'channel' | 'groupChat', commands: readonly RouteHelp[], contact: string, canCreatePolls = false): HelpView {
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
    commands,
    canCreatePolls,
    where: where === 'personal' ? 'Type a command here in our chat.' : 'In a channel, @mention AHP Pulse before the command, for example "@AHP Pulse help".',
    contact: `AHP Pulse is run by ${contact}. Ask them about your data, or if something does not work.`,
  };
}

/** What the help card needs: how to draw it, the reader's roles, the command table's lines, and who runs the bot. */
export interface HelpDeps {
  readonly present: (view: HelpView) => object;
  readonly roles: Roles;
  readonly supportContact: string;
  /** The command table's help lines for a reader with these roles. */
  readonly commands: (reader: { readonly lead: boolean; readonly admin: boolean }) => readonly RouteHelp[];
}

/** The help card for this person, here: their role decides which commands it lists. */
export async function showHelp(deps: HelpDeps, actor: Actor, where: 'personal' | 'channel' | 'groupChat'): Promise<Reply> {
  const role = { lead: await deps.roles.isLead(actor.aadObjectId), admin: deps.roles.isAdmin(actor.aadObjectId) };
  return cardReply(deps.present(helpView(where, deps.commands(role), deps.supportContact, role.lead)));
}
