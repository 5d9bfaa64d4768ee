/**
 * The shape of a poll's results, apart from the counting (results.ts), so that a poll can keep
 * the figures it last showed (Poll.shownResults) without the two files importing each other.
 */

export interface CountRow {
  readonly id: string;
  readonly label: string;
  readonly count: number;
  /** Of respondents, 0 to 100, rounded. */
  readonly percent: number;
}

export interface RatingRow {
  readonly id: string;
  readonly label: string;
  readonly mean: number;
  readonly counts: readonly number[]; // index 0 is a rating of 1
}

export interface RankRow {
  readonly id: string;
  readonly label: string;
  /** Borda points: 3 for a first place, 2 for a second, 1 for a third. */
  readonly points: number;
  readonly firstPlaces: number;
}

export type PollResults =
  | { readonly kind: 'counts'; readonly respondents: number; readonly rows: readonly CountRow[] }
  | { readonly kind: 'rating'; readonly respondents: number; readonly rows: readonly RatingRow[] }
  | { readonly kind: 'rank'; readonly respondents: number; readonly rows: readonly RankRow[] }
  | { readonly kind: 'open'; readonly respondents: number; readonly rows: readonly CountRow[] };
