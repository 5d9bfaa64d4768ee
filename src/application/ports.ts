import type { Installation } from '../domain/installation';

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

export interface Store {
  /** A short name for logs: "embedded (SQLite at …)". */
  readonly description: string;
  readonly installations: InstallationRepository;
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
