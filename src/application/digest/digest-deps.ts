import type { DigestSettings } from '../../config/config';
import type { Catalog } from '../../domain/catalog';
import type { ParticipantOpener } from '../../domain/digest/builder';
import type { AllowedTenants } from '../../domain/tenants';
import type { Pseudonymiser } from '../polls/respondent-key';
import type { Clock } from '../ports/clock';
import type { DigestPresenter } from '../ports/digest-presenter';
import type { Logger } from '../ports/logger';
import type { Metrics } from '../ports/metrics';
import type { Roles } from '../ports/roles';
import type { Store } from '../ports/store';
import type { TextAnalyser } from '../ports/text-analyser';

/** Everything the digest use cases need, handed in by the composition root. */
export interface DigestDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly catalog: Catalog;
  readonly analyser: TextAnalyser;
  /** K: no figure from fewer people is shown (MIN_RESPONDENTS). */
  readonly minRespondents: number;
  readonly settings: DigestSettings;
  readonly roles: Roles;
  /** This instance's name, recorded on the publications it makes. */
  readonly instanceId: string;
  readonly presenter: DigestPresenter;
  /** Signs export links; never stored. */
  readonly linkSecret: string;
  /** The base of download links: PUBLIC_URL, or the address the bot listens on. */
  publicUrl(): string;
  /** ALLOWED_TENANT_IDS: digests go only to these tenants' channels and chats. */
  readonly tenants: AllowedTenants;
  /** A person's keyed pseudonym: audit records and logs name people by it. */
  readonly pseudonym: Pseudonymiser;
  /** Opens responses' sealed participant values, so that participation counts people across polls. */
  readonly participants: ParticipantOpener;
  readonly metrics: Metrics;
}
