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
