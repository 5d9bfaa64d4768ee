import type { AnswerValue } from '../../domain/answer';
import type { PollResponse, SaveOutcome } from '../../domain/response';

export interface AnswerCount {
  readonly value: AnswerValue;
  readonly count: number;
}

export interface ResponseRepository {
  /**
   * One response per (pollId, respondentKey). A response older (by answeredAt) than the one
   * stored is 'stale' and changes nothing; the same answer again is 'unchanged'.
   */
  save(response: PollResponse): Promise<{ outcome: SaveOutcome; stored: PollResponse }>;
  get(pollId: string, respondentKey: string): Promise<PollResponse | undefined>;
  list(pollId: string): Promise<PollResponse[]>;
  /** Every response to a poll, a page at a time, so a digest never holds a big poll's answers at once. */
  stream(pollId: string): AsyncIterable<PollResponse>;
  /**
   * What a poll's results count, without reading every response whole: each distinct answer
   * with how many gave it (an answer may come more than once, in different pages). Open
   * answers come without their words (`text` is empty): results never show them.
   */
  countAnswers(pollId: string): AsyncIterable<AnswerCount>;
  count(pollId: string): Promise<number>;
  /** A person's named answers, by their object id (lower-case), in one indexed query: for `my data` and erasure. */
  listNamed(aadObjectId: string): Promise<PollResponse[]>;
  /** The responses stored under these (poll, key) pairs, in as few indexed reads as the store allows: a person's anonymous answers, keys recomputed. */
  getMany(keys: readonly { readonly pollId: string; readonly respondentKey: string }[]): Promise<PollResponse[]>;
  /** Retention: deletes every response last answered before `cutoff`; returns how many. */
  purgeAnsweredBefore(cutoff: string): Promise<number>;
  /**
   * The migration to sealed participants: every response that still holds an earlier release's
   * `participantKey` (the same pseudonym in every poll, in the clear) has it replaced by
   * `reseal(participantKey)` as its `participantSeal` (or dropped, where that gives nothing).
   * Idempotent; returns how many responses it changed.
   */
  resealLegacyParticipants(reseal: (participantKey: string) => string | undefined): Promise<number>;
}
