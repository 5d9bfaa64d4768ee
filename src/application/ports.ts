import type { Installation } from '../domain/installation';
import type { Poll, Posting } from '../domain/poll';
import type { PollResponse, Profile, SaveOutcome } from '../domain/response';

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
}

export interface ResponseRepository {
  /**
   * One response per (pollId, respondentKey). A response older (by answeredAt) than the one
   * stored is 'stale' and changes nothing; the same answer again is 'unchanged'.
   */
  save(response: PollResponse): Promise<{ outcome: SaveOutcome; stored: PollResponse }>;
  get(pollId: string, respondentKey: string): Promise<PollResponse | undefined>;
  list(pollId: string): Promise<PollResponse[]>;
  count(pollId: string): Promise<number>;
  /** Retention: deletes every response last answered before `cutoff`; returns how many. */
  purgeAnsweredBefore(cutoff: string): Promise<number>;
}

/** What deleting one person's data removed. Anonymous responses cannot be traced to anyone, by design. */
export interface PersonDataDeleted {
  readonly profiles: number;
  readonly namedResponses: number;
  readonly installations: number;
}

export interface ProfileRepository {
  get(aadObjectId: string): Promise<Profile | undefined>;
  save(profile: Profile): Promise<void>;
}

export interface Store {
  /** A short name for logs: "embedded (SQLite at …)". */
  readonly description: string;
  readonly installations: InstallationRepository;
  readonly polls: PollRepository;
  readonly responses: ResponseRepository;
  readonly profiles: ProfileRepository;
  /** Deletes a person's profile, named responses and personal installation. */
  deletePersonData(aadObjectId: string): Promise<PersonDataDeleted>;
  /** Request units spent so far, where the store reports them (Cosmos DB); undefined elsewhere. */
  requestCharge?(): number;
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

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Where a poll can be posted: a channel of a team the bot is installed in. */
export interface ChannelTarget {
  readonly teamId: string;
  readonly channelId: string;
  readonly tenantId: string;
  readonly serviceUrl: string;
  /** The team installation's conversation reference. */
  readonly address: Readonly<Record<string, unknown>>;
}

/** Posts and updates cards in channels, outside any turn (the Teams adapter implements it). */
export interface Messenger {
  /** A new thread in the channel, holding the card. */
  postCard(target: ChannelTarget, card: object): Promise<Posting>;
  /** Replaces the card of an earlier post. */
  updateCard(posting: Posting, card: object): Promise<void>;
  /** A short text reply in the post's thread. */
  replyInThread(posting: Posting, text: string): Promise<void>;
}
