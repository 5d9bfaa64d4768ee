import type { RaisedBy } from '../catalog';
import type { Poll, PollKind } from '../poll';
import type { Tally } from '../results';
import type { Cell } from '../suppression';
import type { Theme } from '../themes';
import type { DigestWeek } from './week';

/**
 * What a week's digest holds: plain data, safe to publish (every figure already passed the
 * small-number rules of suppression.ts), stored by a publication and drawn by the card.
 * The sections are computed in polls.ts, participation.ts, priorities.ts, statements.ts,
 * representation.ts, trend.ts and voices.ts; builder.ts streams responses into them.
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
  /** The leading priorities over the last weeks (absent in digests published before it). */
  readonly trend?: PriorityTrend;
  /** This week's respondents against the workforce. */
  readonly representation?: Representation;
  /** Priority support reweighted to the workforce's mix of professions. */
  readonly reweighting?: Reweighting;
  /** AHPs' backing for the priorities citizens raised and those AHPs raised; what the open answers echo. */
  readonly voices?: Voices;
}

/** One poll's running tallies while a week's responses stream in. */
export interface PollState {
  readonly poll: Poll;
  readonly tally: Tally;
  readonly byProfession: Map<string, Tally>;
  submissions: number;
  /** Per priority and profession, the support measure's sums (see representation.ts). */
  readonly support: SupportSums;
  /** Closed when the digest was computed: only then are its figures shown (see resultsFinal). */
  readonly final: boolean;
}

// Who we are not hearing from (computed in representation.ts).

export interface RepresentationRow {
  readonly id: string;
  readonly title: string;
  /** Percent of the workforce, one decimal place. */
  readonly workforceShare: number;
  readonly respondents: Cell;
  /** Percent of the week's respondents (see `base`), one decimal place. */
  readonly respondentShare: Cell;
  /** Respondent share over workforce share, two decimal places (1: heard in proportion). */
  readonly ratio: Cell;
}

export interface Representation {
  /** What the respondent shares are of. */
  readonly base: 'stated' | 'everyone';
  readonly rows: readonly RepresentationRow[];
  /** The groups heard least against their share of the workforce, least first (at most three). */
  readonly underHeard: readonly { readonly id: string; readonly title: string; readonly note: string }[];
  /** The figures' sources and dates, for the card's small print. */
  readonly sources: readonly string[];
}

export interface ReweightedPriority {
  readonly id: string;
  readonly title: string;
  readonly raw: Cell;
  readonly reweighted: Cell;
  /** Kish's effective sample size of the weighted answers. */
  readonly effectiveSize: Cell;
}

export interface Reweighting {
  readonly rows: readonly ReweightedPriority[];
  /** Groups with fewer than K respondents, pooled as one stratum (titles). */
  readonly pooled: readonly string[];
  /** Whether the pool itself had fewer than K and was left out. */
  readonly poolLeftOut: boolean;
}

/** Per priority and profession: the sum of each answer's measure (0 to 1) and how many answers it is over. */
export type SupportSums = Map<string, Map<string, { x: number; c: number }>>;

// The priorities over time (trend.ts).

export interface WeekSupport {
  readonly weekId: string;
  readonly priorities: readonly PrioritySupport[];
}

export interface TrendSeries {
  readonly id: string;
  readonly title: string;
  /** One per week, oldest first: the support shown that week, or null (suppressed, not asked about, or no digest). */
  readonly points: readonly (number | null)[];
}

export interface Mover {
  readonly id: string;
  readonly title: string;
  readonly from: number;
  readonly to: number;
  readonly change: number;
  /** The week `from` was shown in (the latest earlier week with a figure). */
  readonly sinceWeekId: string;
}

export interface PriorityTrend {
  /** Week ids (Mondays), oldest first; the last is the digest's own week. */
  readonly weeks: readonly string[];
  readonly series: readonly TrendSeries[];
  /** The biggest changes since each priority's previous shown week, biggest first (at most two). */
  readonly movers: readonly Mover[];
}

// AHPs beside citizens (voices.ts).

export interface BackingBySource {
  readonly raisedBy: RaisedBy;
  /** The mean of the shown supports of the priorities this source raised (0 to 100). */
  readonly support: Cell;
  /** How many of its priorities had a shown figure this week, of how many it raised. */
  readonly shown: number;
  readonly raised: number;
}

export interface Echo {
  readonly id: string;
  readonly title: string;
  readonly raisedBy: readonly RaisedBy[];
  /** Open answers (in the sample, when sampled) that chose it or whose words match it most. */
  readonly answers: Cell;
}

export interface Voices {
  readonly backing: readonly BackingBySource[];
  /** Echoed by K or more answers, most first (at most three). */
  readonly echoedMost: readonly Echo[];
  /** Echoed by fewer than K answers (or none): the published priorities this week's words leave out. */
  readonly silentOn: readonly { readonly id: string; readonly title: string }[];
}
