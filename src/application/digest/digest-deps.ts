import type { Metrics } from '../ports';
import type { Pseudonymiser } from '../polls/respondent-key';
import type { AllowedTenants } from '../../domain/tenants';
import type { DigestSettings } from '../../config/config';
import type { Catalog, RaisedBy } from '../../domain/catalog';
import type { Digest, ParticipantOpener } from '../../domain/digest';
import type { TextAnalyser } from '../../domain/themes';
import type { Clock, Logger, Store } from '../ports';
import type { Roles } from '../roles';

/** One priority's weeks, oldest first: its support as each digest published it, or why there is none. */
export interface TrendView {
  readonly title: string;
  readonly raisedBy: readonly RaisedBy[];
  readonly weeks: readonly { readonly weekId: string; readonly value: string }[];
  readonly points: readonly (number | null)[];
  /** How many weeks the weekly digest's own chart shows. */
  readonly shownWeeks: number;
  /** K: figures from fewer people were suppressed. */
  readonly minRespondents: number;
}

/** Draws a digest as a card (src/cards/digest-card.ts). */
export interface DigestPresenter {
  digestCard(digest: Digest, heading: { title: string; note?: string }): object;
  /** One priority's support week by week (`trend`). */
  trendCard(view: TrendView): object;
  /** A short card listing past digests, or linking an export. */
  noticeCard(title: string, lines: readonly string[], links?: readonly { title: string; url: string }[]): object;
}

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
