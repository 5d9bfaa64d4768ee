import type { AuditRecord } from '../../domain/audit';

/** The append-only audit log: records are added, never changed or removed by the bot. */
export interface AuditRepository {
  append(record: AuditRecord): Promise<void>;
  /** Records at or after `since`, oldest first, at most `limit`. */
  listSince(since: string, limit: number): Promise<AuditRecord[]>;
}
