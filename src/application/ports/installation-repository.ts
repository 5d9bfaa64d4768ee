import type { Installation } from '../../domain/installation';

/** Where the bot is installed: teams, group chats and personal chats, with their conversation references. */
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
