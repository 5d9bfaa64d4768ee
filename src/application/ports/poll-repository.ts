import type { Poll } from '../../domain/poll';

/** Polls, versioned: every change is a conditional write on the version read. */
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
  /** A person's polls (by their object id), newest first, at most `limit`: for "my polls". */
  listByAuthor(aadObjectId: string, limit: number): Promise<Poll[]>;
  /** Polls open at some time in [from, to): created before `to`, closed (or closing) after `from`. */
  listOpenBetween(from: string, to: string): Promise<Poll[]>;
}
