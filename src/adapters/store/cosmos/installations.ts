import type { InstallationRepository } from '../../../application/ports/installation-repository';
import type { Installation } from '../../../domain/installation';
import type { CosmosContext, Doc } from './internal/context';
import { cosmosId } from './internal/ids';

/** Where the bot is installed; the one welcome is a create of claims/welcome:<id> (409: someone else has it). */
export function cosmosInstallations({ c, guard, read, query, remove, count, createOnce }: CosmosContext): InstallationRepository {
  return {
    save: (installation) =>
      guard(async () => {
        const id = cosmosId(installation.id);
        count(await c('installations').items.upsert<Doc<Installation>>({ id, doc: installation, kind: installation.kind, status: installation.status }));
      }),
    get: (id) => guard(async () => (await read<Installation>('installations', cosmosId(id), cosmosId(id)))?.doc.doc),
    list: (filter = {}) =>
      guard(async () => {
        const docs = await query<Installation>(
          'installations',
          'SELECT VALUE c.doc FROM c WHERE (@kind = null OR c.kind = @kind) AND (@status = null OR c.status = @status)',
          { '@kind': filter.kind ?? null, '@status': filter.status ?? null },
        );
        return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),
    claimWelcome: (id, at) => guard(() => createOnce('claims', { id: cosmosId(`welcome:${id}`), doc: { kind: 'welcome', installationId: id, claimedAt: at } })),
    releaseWelcome: (id) =>
      guard(async () => {
        const claimId = cosmosId(`welcome:${id}`);
        await remove('claims', claimId, claimId);
      }),
  };
}
