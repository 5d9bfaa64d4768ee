import type { RaisedBy } from '../../domain/catalog';
import type { Digest } from '../../domain/digest/model';

/** One priority's weeks, oldest first: its support as each digest published it, or why there is none. */
export interface TrendView {
  readonly title: string;
  readonly raisedBy: readonly RaisedBy[];
  readonly weeks: readonly { readonly weekId: string; readonly value: string }[];
  readonly points: readonly (number | null)[];
  /** How many weeks the weekly digest's own chart shows. */
  readonly shownWeeks: number;
  /** K: figures from fewer people were suppressed. */
  readonly minRespondents: number;
}

/** Draws a digest as a card (src/cards/digest-card.ts). */
export interface DigestPresenter {
  digestCard(digest: Digest, heading: { title: string; note?: string }): object;
  /** One priority's support week by week (`trend`). */
  trendCard(view: TrendView): object;
  /** A short card listing past digests, or linking an export. */
  noticeCard(title: string, lines: readonly string[], links?: readonly { title: string; url: string }[]): object;
}
