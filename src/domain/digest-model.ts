import type { DigestWeek } from './digest-week';
import type { Poll, PollKind } from './poll';
import type { Tally } from './results';
import type { Cell } from './suppression';
import type { Theme } from './themes';

/**
 * What a week's digest holds: plain data, safe to publish (every figure already passed the
 * small-number rules of suppression.ts), stored by a publication and drawn by the card.
 * The sections are computed in digest-polls.ts, digest-participation.ts,
 * digest-priorities.ts and digest-statements.ts; digest.ts streams responses into them.
 */

export const NOT_STATED = 'not-stated';
/** "Where the professions agree": every profession with enough answers, this share or more one way (pol.is's majority). */
export const AGREE_SHARE = 60;
export const MAX_DIFFER = 3;
export const MAX_AGREE = 3;

export interface DigestRow {
  /** The option (or agreement level, or priority of an open answer). */
  readonly id: string;
  readonly label: string;
  /** People (choices, agreement, open), mean rating (rating) or points (rank). */
  readonly value: Cell;
  /** Of respondents (choices, agreement, open). */
  readonly percent?: Cell;
}

export interface DigestPoll {
  readonly id: string;
  readonly question: string;
  readonly kind: PollKind;
  readonly status: 'open' | 'closed';
  readonly closesAt: string;
  /** Answers given, counting each change of answer. */
  readonly responses: Cell;
  /** Distinct people who answered. */
  readonly respondents: Cell;
  readonly measure: 'people' | 'mean rating' | 'points';
  readonly rows: readonly DigestRow[];
}

export interface ProfessionParticipation {
  readonly id: string;
  readonly title: string;
  readonly responses: Cell;
  readonly previous: Cell;
  /** This week less last week. */
  readonly change: Cell;
}

export interface Participation {
  /** One per person per poll (anonymous answers cannot be linked across polls, by design). */
  readonly responses: Cell;
  readonly previous: Cell;
  readonly change: Cell;
  readonly byProfession: readonly ProfessionParticipation[];
}

export interface PrioritySupport {
  readonly id: string;
  readonly title: string;
  /** 0 to 100: the answer-weighted share who backed it in the polls that asked about it. */
  readonly support: Cell;
  /** Polls whose shown figures gave its support. */
  readonly polls: number;
  /** Polls this week that asked about it at all. */
  readonly asked: number;
}

export interface Statement {
  readonly pollId: string;
  readonly text: string;
  readonly direction: 'agree' | 'disagree' | 'mixed';
  /** Share agreeing (or rating it 4 or 5) in each profession with enough answers. */
  readonly shares: readonly { readonly profession: string; readonly percent: number }[];
  readonly spread: number;
}

export interface DigestThemes {
  readonly openAnswers: Cell;
  /**
   * When a week holds more open answers than a digest reads (THEME_SAMPLE), the themes come
   * from an even random sample of them: how many were read. Absent when all were.
   */
  readonly sampled?: number;
  readonly themes: readonly (Theme & { readonly priorityTitle?: string })[];
  readonly hidden: number;
  readonly quotes: readonly string[];
}

export interface Digest {
  readonly week: DigestWeek;
  readonly computedAt: string;
  /** The small-number threshold the figures were suppressed at. */
  readonly minRespondents: number;
  readonly polls: readonly DigestPoll[];
  readonly participation: Participation;
  readonly priorities: readonly PrioritySupport[];
  readonly agree: readonly Statement[];
  readonly differ: readonly Statement[];
  readonly themes: DigestThemes;
}

/** One poll's running tallies while a week's responses stream in. */
export interface PollState {
  readonly poll: Poll;
  readonly tally: Tally;
  readonly byProfession: Map<string, Tally>;
  submissions: number;
  /** Closed when the digest was computed: only then are its figures shown (see resultsFinal). */
  readonly final: boolean;
}
