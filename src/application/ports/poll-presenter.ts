import type { AnswerValue } from '../../domain/answer';
import type { Catalog } from '../../domain/catalog';
import type { Poll } from '../../domain/poll';
import type { PollResults } from '../../domain/result-rows';

/**
 * What a poll card shows, decided by the use cases and drawn by the card presenter. The
 * shared card (everyone in the channel) has no `mine`; a person's own view may.
 */
export interface PollView {
  readonly poll: Poll;
  readonly catalog: Catalog;
  readonly now: Date;
  readonly respondents: number;

  /** Present when results may be shown to this viewer and enough people have answered. */
  readonly results?: PollResults;
  /** Why results are not shown, when they are not. */
  readonly resultsNote?: string;
  readonly mine?: { readonly answer: AnswerValue };
  readonly notice?: { readonly tone: 'good' | 'attention'; readonly text: string };
  /** The viewer is the author or an admin: offer "Close now". */
  readonly canManage: boolean;
}

/** One of a lead's polls in "my polls": what it asked, where it stands, and what they may do with it. */
export interface MyPollRow {
  readonly pollId: string;
  readonly question: string;
  readonly state: 'open' | 'scheduled' | 'closed';
  readonly facts: readonly { readonly title: string; readonly value: string }[];
  readonly canClose: boolean;
  readonly canRecall: boolean;
  /** Exports are private: offered in the lead's chat with the bot only. */
  readonly canExport: boolean;
}

/** Draws poll views and short notices as cards: implemented by src/cards. */
export interface PollPresenter {
  sharedCard(view: PollView): object;
  personalCard(view: PollView): object;
  notice(title: string, message: string, reference?: string): object;
  profileCard(catalog: Catalog, current: string | undefined, notice?: string): object;
  templatesCard(templates: readonly { id: string; question: string }[], priorityIds: readonly string[], notice?: string): object;
  /** "My polls": a lead's polls, newest first, each with its buttons. */
  myPollsCard(rows: readonly MyPollRow[]): object;
}
