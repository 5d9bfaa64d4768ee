import type { AuditRepository } from '../../../application/ports/audit-repository';
import type { AuditRecord } from '../../../domain/audit';
import type { CosmosContext } from './internal/context';
import { cosmosId } from './internal/ids';

/** The audit log: created, never replaced or deleted by the bot (and no TTL). */
export function cosmosAudit({ c, guard, query, count }: CosmosContext): AuditRepository {
  return {
    append: (record) =>
      guard(async () => {
        count(await c('audit').items.create({ id: cosmosId(record.id), at: record.at, doc: record }));
      }),
    listSince: (since, limit) =>
      guard(async () => {
        const records = await query<AuditRecord>('audit', 'SELECT VALUE c.doc FROM c WHERE c.at >= @since', { '@since': since });
        return records.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).slice(0, limit);
      }),
  };
}
