import { type AnswerValue, sameAnswer } from './answer';

/**
 * One person's answer to one poll. There is exactly one per (poll, respondentKey): answering
 * again replaces it. An anonymous poll's response holds no Teams or Entra id, name or email,
 * only a keyed hash that still tells one person from another within that poll.
 */
export interface PollResponse {
  readonly pollId: string;
  readonly respondentKey: string;
  /**
   * The person's participant value, sealed afresh for this response (see ParticipantSeals in
   * application/polls/respondent-key.ts): the digest opens it with the key to count people
   * rather than answers across polls. Without the key it is random bytes: it equals nothing
   * stored with another response, named or anonymous, nor any audit record or log line.
   */
  readonly participantSeal?: string;
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

/**
 * How a response arriving now combines with the one stored: the rule every store applies
 * inside its own atomic read-and-write. An older answer never replaces a newer one; the same
 * answer again changes nothing the results show, but still moves answeredAt forward, so that
 * a late retry of an answer given in between cannot win.
 */
export function mergeResponse(existing: PollResponse | undefined, incoming: PollResponse): { outcome: SaveOutcome; write?: PollResponse } {
  if (!existing) return { outcome: 'created', write: { ...incoming, firstAnsweredAt: incoming.answeredAt, revision: 0 } };
  if (existing.answeredAt > incoming.answeredAt) return { outcome: 'stale' };
  if (sameAnswer(existing.value, incoming.value) && existing.profession === incoming.profession) {
    return existing.answeredAt === incoming.answeredAt
      ? { outcome: 'unchanged' }
      : { outcome: 'unchanged', write: { ...existing, answeredAt: incoming.answeredAt } };
  }
  return { outcome: 'updated', write: { ...incoming, firstAnsweredAt: existing.firstAnsweredAt, revision: existing.revision + 1 } };
}
