import type { AnswerValue } from './answer';

/**
 * One person's answer to one poll. There is exactly one per (poll, respondentKey): answering
 * again replaces it. An anonymous poll's response holds no Teams or Entra id, name or email,
 * only a keyed hash that still tells one person from another within that poll.
 */
export interface PollResponse {
  readonly pollId: string;
  readonly respondentKey: string;
  /** Named polls only. */
  readonly aadObjectId?: string;
  /** Named polls only. */
  readonly name?: string;
  /** The profession the person declared, at the time of answering, for breakdowns. */
  readonly profession?: string;
  readonly value: AnswerValue;
  /** When Teams received this answer: a late retry of an older answer never replaces a newer one. */
  readonly answeredAt: string;
  readonly firstAnsweredAt: string;
  /** How many times the answer has changed. */
  readonly revision: number;
}

/** What saving a response did. */
export type SaveOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

export interface Profile {
  readonly aadObjectId: string;
  readonly profession: string;
  readonly updatedAt: string;
}
