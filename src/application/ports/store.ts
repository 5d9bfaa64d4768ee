import type { ErasureCounts, PersonToErase } from '../../domain/erasure';
import type { AuditRepository } from './audit-repository';
import type { ContentRepository } from './content-repository';
import type { ConversationStateRepository } from './conversation-state-repository';
import type { DeliveryRepository } from './delivery-repository';
import type { DigestRepository } from './digest-repository';
import type { DigestSubscriptionRepository } from './digest-subscription-repository';
import type { InstallationRepository } from './installation-repository';
import type { LeadRepository } from './lead-repository';
import type { OneTimeTokenRepository } from './one-time-token-repository';
import type { PollRepository } from './poll-repository';
import type { ProfileRepository } from './profile-repository';
import type { ResponseRepository } from './response-repository';
import type { SlotLeaseRepository } from './slot-lease-repository';
import type { WeeklyPulseRepository } from './weekly-pulse-repository';

/** A service store's running totals. */
export interface StoreCosts {
  /** Request units, as the service reported them. */
  readonly requestUnits: number;
  /** Operations: each point read or write, query or query page, whether alone or in a shared request. */
  readonly operations: number;
  /** HTTP requests, a request that carried several operations shared equally among them. */
  readonly requests: number;
}

export interface Store {
  /** A short name for logs: "embedded (SQLite at …)". */
  readonly description: string;
  readonly installations: InstallationRepository;
  readonly polls: PollRepository;
  readonly responses: ResponseRepository;
  readonly profiles: ProfileRepository;
  readonly deliveries: DeliveryRepository;
  readonly leads: LeadRepository;
  readonly conversationState: ConversationStateRepository;
  readonly weeklyPulses: WeeklyPulseRepository;
  readonly digests: DigestRepository;
  readonly digestSubscriptions: DigestSubscriptionRepository;
  readonly oneTimeTokens: OneTimeTokenRepository;
  readonly slotLeases: SlotLeaseRepository;
  readonly audit: AuditRepository;
  readonly content: ContentRepository;
  /**
   * Erases one person, in one go: deletes their profile, named and anonymous answers, personal
   * installation and its welcome claim, digest subscription, lead grant, their chat's
   * conversation state and what was queued for it; and scrubs their ids and name from every
   * other record (see domain/erasure). The audit log is left as it is: it holds pseudonyms only.
   * Deleted content does not linger in the store's files.
   */
  erasePerson(person: PersonToErase): Promise<ErasureCounts>;
  /**
   * What the store has spent so far, where it is a service (Cosmos DB); undefined elsewhere.
   * `turns`: only inside Teams' requests (each turn's correlation id), the hot path; the rest
   * is background work (the outbox, card refreshes, the scheduler).
   */
  costs?(scope?: 'all' | 'turns'): StoreCosts;
  /** Resolves when the store can be read and written; rejects with the reason otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
