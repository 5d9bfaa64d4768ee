import type { PollSettings } from '../config/config';
import type { Content } from '../config/content';
import type { AllowedTenants } from '../domain/tenants';
import type { ContentSource } from './content/content-source';
import type { PersonLimits } from './person-limits';
import type { ParticipantSeals, Pseudonymiser, RespondentKeyer } from './polls/respondent-key';
import type { ResultsCache } from './polls/results-cache';
import type { Clock } from './ports/clock';
import type { ContentPresenter } from './ports/content-presenter';
import type { Logger } from './ports/logger';
import type { Messenger } from './ports/messenger';
import type { Metrics } from './ports/metrics';
import type { PollFormPresenter } from './ports/poll-form-presenter';
import type { PollPresenter } from './ports/poll-presenter';
import type { Roles } from './ports/roles';
import type { Store } from './ports/store';

/**
 * What the bot's use cases share, handed in by the composition root: polls, launches, weekly
 * pulses, leads and people's own data all take it (the digest use cases take DigestDeps).
 */
export interface BotDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly messenger: Messenger;
  readonly content: Content;
  readonly settings: PollSettings;
  readonly roles: Roles;
  readonly respondentKey: RespondentKeyer;
  readonly presenter: PollPresenter;
  /** The poll form and its preview (authoring/poll-form.ts). */
  readonly forms: PollFormPresenter;
  /** The content as edited (priorities, workforce): `content` reads it; admins change it through it. */
  readonly contentSource: ContentSource;
  readonly contentForms: ContentPresenter;
  /** Asks for the poll's posted cards to be updated soon (coalesced). */
  readonly requestRefresh: (pollId: string) => void;
  readonly resultsCache: ResultsCache;
  /** ALLOWED_TENANT_IDS: launches and reports reach only these tenants' teams and chats. */
  readonly tenants: AllowedTenants;
  /** A person's keyed pseudonym for audit records and logs (a key of its own: never stored with an answer). */
  readonly pseudonym: Pseudonymiser;
  /** Seals a person's participant value onto each response, for the digest's count of people. */
  readonly participants: ParticipantSeals;
  readonly metrics: Metrics;
  /** How often one person may ask for `my data` or an erasure. */
  readonly personLimits: PersonLimits;
}
