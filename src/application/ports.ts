import { PulseError } from '../domain/errors';
import type { ChannelTarget, Delivery, SendFailure, Posting } from '../domain/delivery';
import type { Installation } from '../domain/installation';
import type { Poll } from '../domain/poll';
import type { PollResponse, Profile, SaveOutcome } from '../domain/response';
import type { AnswerValue } from '../domain/answer';
import type { DigestPublication, DigestSubscription } from '../domain/publication';
import type { WeeklyPulse } from '../domain/weekly';
import type { AuditRecord } from '../domain/audit';
import type { ErasureCounts, PersonToErase } from '../domain/erasure';

/**
 * The ports the use cases need. They speak domain types only, so the embedded store and
 * the Cosmos DB store (and their contract suite) see the same interface.
 */

export interface InstallationRepository {
  /** Creates or replaces the record with this id. */
  save(installation: Installation): Promise<void>;
  get(id: string): Promise<Installation | undefined>;
  list(filter?: { kind?: Installation['kind']; status?: Installation['status'] }): Promise<Installation[]>;
  /**
   * Claims the one welcome of an installation. Returns true to exactly one caller however
   * many race, and false until releaseWelcome: kept apart from the record, so saving the
   * record can never undo a claim.
   */
  claimWelcome(id: string, at: string): Promise<boolean>;
  /** Frees the claim: after an uninstall, or a welcome that could not be sent. */
  releaseWelcome(id: string): Promise<void>;
}

export interface PollRepository {
  /** Stores a new poll; fails if the id is taken. */
  create(poll: Poll): Promise<void>;
  get(id: string): Promise<Poll | undefined>;
  /**
   * Saves `poll` (whose version must be `expectedVersion + 1`) only if the stored version is
   * still `expectedVersion`. Returns false when another writer got there first.
   */
  update(poll: Poll, expectedVersion: number): Promise<boolean>;
  /** Open polls whose closing time or reminder time is at or before `now`. */
  listDue(now: string): Promise<Poll[]>;
  /** Polls open at some time in [from, to): created before `to`, closed (or closing) after `from`. */
  listOpenBetween(from: string, to: string): Promise<Poll[]>;
}

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

/** A lead added by an admin from inside the bot (leads in LEAD_IDS need no record). */
export interface LeadGrant {
  readonly aadObjectId: string;
  readonly name: string;
  readonly addedBy: string;
  readonly addedAt: string;
}

export interface LeadRepository {
  list(): Promise<LeadGrant[]>;
  get(aadObjectId: string): Promise<LeadGrant | undefined>;
  save(grant: LeadGrant): Promise<void>;
  /** Returns false when there was no such lead. */
  remove(aadObjectId: string): Promise<boolean>;
}

/**
 * Conversation state kept between turns (the compose dialog's place and its draft), so a
 * draft survives a restart. Keys and values are opaque to the store.
 */
export interface ConversationStateRepository {
  read(keys: readonly string[]): Promise<Record<string, unknown>>;
  write(changes: Readonly<Record<string, unknown>>): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Retention: deletes state not written since `cutoff`; returns how many. */
  purgeUnchangedSince(cutoff: string): Promise<number>;
}

/** Weekly pulses: a versioned record each, so each week is launched once however many instances tick. */
export interface WeeklyPulseRepository {
  create(pulse: WeeklyPulse): Promise<void>;
  get(id: string): Promise<WeeklyPulse | undefined>;
  list(): Promise<WeeklyPulse[]>;
  /** Saves `pulse` (version `expectedVersion + 1`) only if the stored version is still `expectedVersion`. */
  update(pulse: WeeklyPulse, expectedVersion: number): Promise<boolean>;
}

/** Published digests: one record a week, created once however many instances try. */
export interface DigestRepository {
  /** Records the week's publication; false (and nothing changed) when it is already recorded. */
  create(publication: DigestPublication): Promise<boolean>;
  get(weekId: string): Promise<DigestPublication | undefined>;
  /** The most recent first. */
  list(limit: number): Promise<DigestPublication[]>;
  /** Saves `publication` (version `expectedVersion + 1`) only if the stored version is still `expectedVersion`. */
  update(publication: DigestPublication, expectedVersion: number): Promise<boolean>;
}

/** Staff who asked for the digest in their personal chat. */
export interface DigestSubscriptionRepository {
  save(subscription: DigestSubscription): Promise<void>;
  /** Returns false when there was no such subscription. */
  remove(aadObjectId: string): Promise<boolean>;
  get(aadObjectId: string): Promise<DigestSubscription | undefined>;
  list(): Promise<DigestSubscription[]>;
}

/** The durable outbox. Every method is safe to call from several instances at once. */
export interface DeliveryRepository {
  /** Adds the deliveries whose ids are new; one already there is left as it is. Returns how many were added. */
  enqueue(deliveries: readonly Delivery[]): Promise<number>;
  /**
   * Claims up to `limit` deliveries that are pending and due, or whose claim has lapsed (a
   * worker died mid-send): each is marked sending, owned by `owner` until `leaseUntil`, by a
   * conditional write, so no two workers get the same delivery.
   */
  claimDue(now: string, owner: string, leaseUntil: string, limit: number): Promise<Delivery[]>;
  /**
   * Adds each delivery, or puts an existing one that has finished (sent, failed, cancelled)
   * back to pending: for card updates, which may go out many times. One pending or in flight
   * is left as it is, so repeated requests coalesce.
   */
  requeue(deliveries: readonly Delivery[]): Promise<number>;
  /** Saves a claimed delivery's outcome, only while `owner` still holds the claim. */
  settle(delivery: Delivery, owner: string): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  listForPoll(pollId: string): Promise<Delivery[]>;
  /** Cancels every pending delivery of a poll (a scheduled launch called off). Returns how many. */
  cancelPending(pollId: string, now: string): Promise<number>;
  /** Retention: deletes deliveries that finished (sent, failed, cancelled) before `cutoff`, and the conversation references they hold. */
  purgeSettledBefore(cutoff: string): Promise<number>;
}

/** Single-use tokens (export links): each id is accepted once, until it expires. */
export interface OneTimeTokenRepository {
  /** True the first time `id` is used, false ever after; kept until `expiresAt`, then purged. */
  use(id: string, expiresAt: string): Promise<boolean>;
  /** Retention: forgets tokens that expired before `now`. */
  purgeExpired(now: string): Promise<number>;
}

/**
 * Leases on the outbox's sending slots (application/delivery/shared-limiter.ts): every
 * instance that sends to Teams claims its slots here, so together they keep one tenant's
 * budget and each conversation's limit. A lease is a moment, gone once `expiresAt` passes.
 */
export interface SlotLeaseRepository {
  /** True for the one caller, of however many instances, that claims `block` of `key` first. */
  claim(key: string, block: number, expiresAt: string): Promise<boolean>;
}

/** The append-only audit log: records are added, never changed or removed by the bot. */
export interface AuditRepository {
  append(record: AuditRecord): Promise<void>;
  /** Records at or after `since`, oldest first, at most `limit`. */
  listSince(since: string, limit: number): Promise<AuditRecord[]>;
}

export interface ProfileRepository {
  get(aadObjectId: string): Promise<Profile | undefined>;
  save(profile: Profile): Promise<void>;
}

/** A service store's running totals. */
export interface StoreCosts {
  /** Request units, as the service reported them. */
  readonly requestUnits: number;
  /** Operations: each point read or write, query or query page, whether alone or in a shared request. */
  readonly operations: number;
  /** HTTP requests, a request that carried several operations shared equally among them. */
  readonly requests: number;
}

export interface Store {
  /** A short name for logs: "embedded (SQLite at …)". */
  readonly description: string;
  readonly installations: InstallationRepository;
  readonly polls: PollRepository;
  readonly responses: ResponseRepository;
  readonly profiles: ProfileRepository;
  readonly deliveries: DeliveryRepository;
  readonly leads: LeadRepository;
  readonly conversationState: ConversationStateRepository;
  readonly weeklyPulses: WeeklyPulseRepository;
  readonly digests: DigestRepository;
  readonly digestSubscriptions: DigestSubscriptionRepository;
  readonly oneTimeTokens: OneTimeTokenRepository;
  readonly slotLeases: SlotLeaseRepository;
  readonly audit: AuditRepository;
  /**
   * Erases one person, in one go: deletes their profile, named and anonymous answers, personal
   * installation and its welcome claim, digest subscription, lead grant, their chat's
   * conversation state and what was queued for it; and scrubs their ids and name from every
   * other record (see domain/erasure). The audit log is left as it is: it holds pseudonyms only.
   * Deleted content does not linger in the store's files.
   */
  erasePerson(person: PersonToErase): Promise<ErasureCounts>;
  /**
   * What the store has spent so far, where it is a service (Cosmos DB); undefined elsewhere.
   * `turns`: only inside Teams' requests (each turn's correlation id), the hot path; the rest
   * is background work (the outbox, card refreshes, the scheduler).
   */
  costs?(scope?: 'all' | 'turns'): StoreCosts;
  /** Resolves when the store can be read and written; rejects with the reason otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The few numbers operators watch (Application Insights when it is on; nothing otherwise). No
 * personal data goes with them: counts, kinds and outcomes only.
 */
export interface Metrics {
  answerSaved(outcome: 'created' | 'updated'): void;
  launched(channels: number): void;
  delivery(kind: string, outcome: 'sent' | 'failed' | 'throttled' | 'retrying'): void;
  digestComputed(milliseconds: number, published: boolean): void;
}

export const noMetrics: Metrics = { answerSaved: () => {}, launched: () => {}, delivery: () => {}, digestComputed: () => {} };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type { ChannelTarget } from '../domain/delivery';

/** Posts and updates cards in channels, outside any turn (the Teams adapter implements it). */
export interface Messenger {
  /** A new thread in the channel holding the card; or, for a personal target, a message in that chat. */
  postCard(target: ChannelTarget, card: object): Promise<Posting>;
  /** Replaces the card of an earlier post. */
  updateCard(posting: Posting, card: object): Promise<void>;
  /** A short text reply in the post's thread. */
  replyInThread(posting: Posting, text: string): Promise<void>;
  /** Deletes an earlier post (a recalled poll). */
  deleteCard(posting: Posting): Promise<void>;
}

/** A send that Teams refused or that failed, classified for the outbox. */
export class SendError extends PulseError {
  constructor(
    readonly failure: SendFailure,
    options?: { cause?: unknown },
  ) {
    super('ahp_pulse_send_failed', failure.kind === 'throttled' ? 'throttled by Teams (429)' : failure.reason, options);
    this.name = 'SendError';
  }
}
