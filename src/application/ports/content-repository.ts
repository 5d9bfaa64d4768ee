import type { StoredCatalog } from '../../domain/content-edit';

/** The content admins edit in the bot (priorities, workforce figures): one versioned record, over the seed in content/. */
export interface ContentRepository {
  /** What admins have saved; undefined until the first change (the seed's files alone). */
  get(): Promise<StoredCatalog | undefined>;
  /**
   * Saves `content` (version `expectedVersion + 1`) only if the stored version is still
   * `expectedVersion`, 0 meaning none is stored yet. Returns false when another admin saved first.
   */
  save(content: StoredCatalog, expectedVersion: number): Promise<boolean>;
}
