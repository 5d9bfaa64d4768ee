import type { ContentRepository } from '../../../application/ports/content-repository';
import type { StoredCatalog } from '../../../domain/content-edit';
import type { CosmosContext, Doc } from './internal/context';

const ID = 'catalog';

/** The edited content: one document in the content container, created once, then replaced If-Match on its version. */
export function cosmosContent({ guard, read, createOnce, replaceIfVersion }: CosmosContext): ContentRepository {
  const doc = (content: StoredCatalog): Doc<StoredCatalog> => ({ id: ID, doc: content, version: content.version });
  return {
    get: () => guard(async () => (await read<StoredCatalog>('content', ID, ID))?.doc.doc),
    save: (content, expectedVersion) =>
      guard(() => (expectedVersion === 0 ? createOnce('content', doc(content)) : replaceIfVersion('content', ID, expectedVersion, doc(content)))),
  };
}
