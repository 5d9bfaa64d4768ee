import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/actor';
import type { AuditAction, AuditRecord } from '../domain/audit';
import type { Pseudonymiser } from './polls/respondent-key';
import type { Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { Store } from './ports/store';

export interface AuditDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pseudonym: Pseudonymiser;
}

/** Who did it, for the log: a person's keyed pseudonym, or the bot's own schedule. */
export type AuditActor = Pick<Actor, 'aadObjectId' | 'userId'> | 'schedule';

/**
 * Appends one audit record. The action it records has already happened, so a store that
 * cannot take the record is logged as an error (for the operators to see), not thrown at the
 * person who acted.
 */
export async function recordAudit(deps: AuditDeps, who: AuditActor, action: AuditAction, subject: string, detail?: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  const record: AuditRecord = {
    id: `${at}-${randomBytes(6).toString('hex')}`,
    at,
    actor: who === 'schedule' ? 'schedule' : deps.pseudonym(who),
    action,
    subject,
    ...(detail ? { detail } : {}),
  };
  try {
    await deps.store.audit.append(record);
  } catch (error) {
    deps.logger.error('An audit record could not be written', { action, subject, error });
  }
}
