import type { Catalog } from '../../domain/catalog';
import type { DraftProblems, PollDraft } from '../../domain/poll-draft';

/** The poll form as a lead sees it: what was typed, what is wrong with it, and from where it was opened. */
export interface PollFormView {
  readonly draft: PollDraft;
  readonly problems: DraftProblems;
  readonly catalog: Catalog;
  /** Opened from a message extension in a channel AHP Pulse can post in: its preview can be posted there, through Teams' own preview. */
  readonly canPostHere: boolean;
  /** The lead's own templates in use, to start from. */
  readonly templates: readonly { readonly id: string; readonly name: string }[];
  /** What was done ("Saved as template …"), shown at the top. */
  readonly notice?: string;
  readonly templateName?: string;
  readonly templateProblem?: string;
}

/** One channel a launch can go to, as the preview's list shows it. */
export interface ChannelChoice {
  /** "<team id>|<channel id>". */
  readonly value: string;
  readonly title: string;
}

/** Draws the poll form and its preview, as cards in a Teams dialog: implemented by src/cards/poll-form.ts. */
export interface PollFormPresenter {
  form(view: PollFormView): object;
  /** A card with the button that opens the form (a task/fetch), filled from a past poll when `likePollId` is given. */
  opener(likePollId?: string): object;
  /** The card exactly as it will be posted, then the next steps: post it here, edit it, or launch it to the channels chosen. */
  preview(card: object, steps: { readonly postHere: boolean; readonly channels: readonly ChannelChoice[]; readonly problem?: string }): object;
}
