import type { ConversationStateRepository } from '../../../application/ports';
import type { CosmosContext } from './cosmos-context';
import { cosmosId } from './cosmos-ids';

/** Conversation state (the compose dialog's draft), kept 30 days from its last change. */
export function cosmosConversationState({ c, guard, read, remove, count }: CosmosContext): ConversationStateRepository {
  return {
    read: (keys) =>
      guard(async () => {
        const found: Record<string, unknown> = {};
        for (const key of keys) {
          const doc = await read<unknown>('conversationState', cosmosId(key), cosmosId(key));
          if (doc) found[key] = doc.doc.doc;
        }
        return found;
      }),
    write: (changes) =>
      guard(async () => {
        // A draft left alone for 30 days is forgotten.
        for (const [key, value] of Object.entries(changes)) {
          count(await c('conversationState').items.upsert({ id: cosmosId(key), doc: value, ttl: 30 * 86_400 }));
        }
      }),
    delete: (keys) =>
      guard(async () => {
        for (const key of keys) await remove('conversationState', cosmosId(key), cosmosId(key));
      }),
  };
}
