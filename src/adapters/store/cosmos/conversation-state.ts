import type { ConversationStateRepository } from '../../../application/ports/conversation-state-repository';
import type { CosmosContext } from './internal/context';
import { cosmosId } from './internal/ids';

/** Conversation state (the compose dialog's draft), kept 30 days from its last change. */
export function cosmosConversationState({ c, guard, read, query, remove, count }: CosmosContext): ConversationStateRepository {
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
          count(await c('conversationState').items.upsert({ id: cosmosId(key), doc: value, updatedAt: new Date().toISOString(), ttl: 30 * 86_400 }));
        }
      }),
    delete: (keys) =>
      guard(async () => {
        for (const key of keys) await remove('conversationState', cosmosId(key), cosmosId(key));
      }),
    purgeUnchangedSince: (cutoff) =>
      guard(async () => {
        // Documents written before updatedAt was kept have none: they count as old.
        const old = await query<{ id: string }>('conversationState', 'SELECT c.id FROM c WHERE NOT IS_DEFINED(c.updatedAt) OR c.updatedAt < @cutoff', {
          '@cutoff': cutoff,
        });
        let deleted = 0;
        for (const { id } of old) if (await remove('conversationState', id, id)) deleted++;
        return deleted;
      }),
  };
}
