import { type ChannelTarget, subjectOf } from './delivery';
import type { Digest } from './digest/model';

/**
 * A week's digest as published: recorded once (a create that fails when the week is already
 * there), then delivered through the outbox. The digest is frozen here, so a past week reads
 * as it was published, however answers change later.
 */
export interface DigestPublication {
  /** The week's Monday, "YYYY-MM-DD". */
  readonly weekId: string;
  readonly digest: Digest;
  readonly publishedAt: string;
  /** The instance that recorded it. */
  readonly publishedBy: string;
  /** 'recorded' until its deliveries are in the outbox, then 'queued'. */
  readonly status: 'recorded' | 'queued';
  readonly recipients?: number;
  readonly version: number;
}

export interface DigestSubscription {
  readonly aadObjectId: string;
  readonly name: string;
  readonly subscribedAt: string;
  /** The person's chat with the bot, where the digest goes. */
  readonly chat: ChannelTarget;
}

/** The outbox's subject for a week's digest (delivery ids start with it; no ":" in it). */
export const digestSubject = (weekId: string): string => subjectOf({ weekId });
