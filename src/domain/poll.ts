import type { Posting } from './delivery';
import { PulseError } from './errors';
import { inert } from './markdown';
import type { PollResults } from './result-rows';

/**
 * A pulse poll or prompt about the draft priorities. Pure data and rules: where it is posted,
 * who may see results, and when it closes.
 */

export const POLL_KINDS = ['single', 'multi', 'agreement', 'rating', 'rank', 'open'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

/** Who sees the results, and when (chosen by the author, as in Polly, Forms and Slido). */
export const VISIBILITIES = ['live', 'after-answer', 'after-close', 'author-only'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const AGREEMENT_LEVELS = [
  { id: 'strongly-agree', label: 'Strongly agree' },
  { id: 'agree', label: 'Agree' },
  { id: 'neutral', label: 'Neither agree nor disagree' },
  { id: 'disagree', label: 'Disagree' },
  { id: 'strongly-disagree', label: 'Strongly disagree' },
  { id: 'not-sure', label: 'Not sure' },
] as const;
export type AgreementLevel = (typeof AGREEMENT_LEVELS)[number]['id'];

export const RANK_PLACES = 3;
export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const OPEN_TEXT_MAX = 1_000;
export const QUESTION_MAX = 300;

export interface PollOption {
  readonly id: string;
  readonly label: string;
}

export interface Person {
  readonly aadObjectId: string;
  readonly name: string;
}

export type PollStatus = 'open' | 'closed';
export type ClosedBy = 'schedule' | 'author' | 'admin';

/** What a poll asks and how: everything its author chooses. */
export interface PollSpec {
  readonly kind: PollKind;
  readonly question: string;
  readonly options: readonly PollOption[];
  /** The draft priorities this poll is about (for the digest's ranking). */
  readonly priorityIds: readonly string[];
  /** Multiple choice only: at most this many picks. */
  readonly maxPicks?: number;
  readonly anonymous: boolean;
  readonly visibility: Visibility;
  /** Open prompts only: short quotes may appear in the digest, never with a name. */
  readonly allowQuotes?: boolean;
  /** The ready-made poll it came from; none for a poll in its author's own words. */
  readonly templateId?: string;
  /** A poll with its own options that its author said is about a priority: shown, never counted towards that priority's support. */
  readonly aboutPriorityId?: string;
}

export interface Poll extends PollSpec {
  readonly id: string;
  readonly allowQuotes: boolean;
  readonly author: Person;
  readonly tenantId: string;
  readonly status: PollStatus;
  readonly createdAt: string;
  readonly closesAt: string;
  readonly closedAt?: string;
  readonly closedBy?: ClosedBy;
  readonly reminderAt?: string;
  readonly reminderSentAt?: string;
  readonly postings: readonly Posting[];
  /**
   * An anonymous poll's live figures as last shown, while it is open: redrawn only once K more
   * people have answered (see steppedResults in application/polls/build-view.ts), so that no
   * two views either side of one answer differ.
   */
  readonly shownResults?: ShownResults;
  /** Bumped on every save; a save that expects an older version is refused. */
  readonly version: number;
}

/** Figures as shown, from how many people. */
export interface ShownResults {
  readonly respondents: number;
  readonly results: PollResults;
}

export class PollRuleError extends PulseError {
  constructor(message: string) {
    super('ahp_pulse_poll_rule', message);
    this.name = 'PollRuleError';
  }
}

/** Checks a poll's own rules; throws PollRuleError naming what is wrong. */
export function validateSpec(spec: PollSpec): void {
  if (!POLL_KINDS.includes(spec.kind)) throw new PollRuleError(`"${inert(String(spec.kind))}" is not a poll kind (${POLL_KINDS.join(', ')}).`);
  if (!spec.question.trim() || spec.question.length > QUESTION_MAX) {
    throw new PollRuleError(`The question must be 1 to ${QUESTION_MAX} characters.`);
  }
  const ids = spec.options.map((o) => o.id);
  if (new Set(ids).size !== ids.length) throw new PollRuleError('Two options share an id.');
  const needs: Record<PollKind, number> = { single: 2, multi: 2, agreement: 0, rating: 1, rank: RANK_PLACES, open: 0 };
  if (spec.options.length < needs[spec.kind]) {
    throw new PollRuleError(`A ${spec.kind} poll needs at least ${needs[spec.kind]} options; it has ${spec.options.length}.`);
  }
  if (spec.kind === 'multi') {
    const max = spec.maxPicks ?? 0;
    if (!Number.isInteger(max) || max < 1 || max > spec.options.length) {
      throw new PollRuleError(`maxPicks must be from 1 to ${spec.options.length}; it is ${spec.maxPicks}.`);
    }
  }
  if (spec.kind === 'agreement' && spec.priorityIds.length > 1) {
    throw new PollRuleError('An agreement statement is about one priority at most.');
  }
  if (!VISIBILITIES.includes(spec.visibility)) throw new PollRuleError(`"${inert(String(spec.visibility))}" is not a results visibility.`);
}

export function isOpenAt(poll: Poll, now: Date): boolean {
  return poll.status === 'open' && Date.parse(poll.closesAt) > now.getTime();
}

/** The reminder goes out `beforeMs` ahead of closing; none when `beforeMs` is 0, or when the poll is open for less than twice that. */
export function reminderTime(createdAt: Date, closesAt: Date, beforeMs: number): string | undefined {
  if (beforeMs <= 0) return undefined;
  const at = closesAt.getTime() - beforeMs;
  return at - createdAt.getTime() >= beforeMs ? new Date(at).toISOString() : undefined;
}

/** Whether results may be shown: on the shared card (viewer undefined) or to one person. */
export function resultsVisible(poll: Poll, viewer: { isAuthorOrAdmin: boolean; hasAnswered: boolean } | undefined, now: Date): boolean {
  if (viewer?.isAuthorOrAdmin) return true;
  const closed = !isOpenAt(poll, now);
  switch (poll.visibility) {
    case 'live':
      return true;
    case 'after-answer':
      return closed || (viewer?.hasAnswered ?? false);
    case 'after-close':
      return closed;
    case 'author-only':
      return false;
  }
}

/** A new open poll from its spec: it opens at `opensAt` and stays open `durationMs`, with one reminder `reminderBeforeMs` ahead of closing. */
export function openPoll(
  spec: PollSpec,
  ids: { id: string; author: Person; tenantId: string },
  times: { createdAt: Date; opensAt: Date; durationMs: number; reminderBeforeMs: number },
): Poll {
  const closesAt = new Date(times.opensAt.getTime() + times.durationMs);
  const reminderAt = reminderTime(times.opensAt, closesAt, times.reminderBeforeMs);
  return {
    ...spec,
    allowQuotes: spec.allowQuotes ?? false,
    id: ids.id,
    author: { aadObjectId: ids.author.aadObjectId.toLowerCase(), name: ids.author.name },
    tenantId: ids.tenantId,
    status: 'open',
    createdAt: times.createdAt.toISOString(),
    closesAt: closesAt.toISOString(),
    ...(reminderAt ? { reminderAt } : {}),
    postings: [],
    version: 1,
  };
}
