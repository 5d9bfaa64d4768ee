import { type RunningServer, startHttpServer } from '../adapters/http/http-server';
import { winkAnalyser } from '../adapters/nlp/wink-analyser';
import { cachedStore, PRODUCTION_CACHE } from '../adapters/store/cached-store';
import { EXPORT_SECRET_FILE_NAME, localRespondentSecret } from '../adapters/store/local-secret';
import { createCloudAdapter, createMessagesHandler } from '../adapters/teams/messages-endpoint';
import { PulseBot } from '../adapters/teams/pulse-bot';
import { teamsMessenger } from '../adapters/teams/teams-messenger';
import { tenantFence } from '../adapters/teams/tenant-fence';
import type { BotDeps } from '../application/bot-deps';
import { ContentSource } from '../application/content/content-source';
import type { DigestDeps } from '../application/digest/digest-deps';
import { serveDownload } from '../application/digest/export-responses';
import { PERSON_WINDOWS, PersonLimits } from '../application/person-limits';
import { CardRefresher } from '../application/polls/card-refresher';
import { queueCardUpdates } from '../application/polls/postings';
import { participantSeals, pseudonymiser, respondentKeyer } from '../application/polls/respondent-key';
import { ResultsCache } from '../application/polls/results-cache';
import type { Clock } from '../application/ports/clock';
import type { Logger } from '../application/ports/logger';
import type { Messenger } from '../application/ports/messenger';
import type { Metrics } from '../application/ports/metrics';
import type { Store } from '../application/ports/store';
import { rolesFromSettings } from '../application/routing/roles';
import { replyJson } from '../cards/card-json';
import { type CardRenderer, loadCardRenderer } from '../cards/card-renderer';
import { contentPresenter } from '../cards/content-forms';
import { digestPresenter } from '../cards/digest-card';
import { pollPresenter } from '../cards/poll-cards';
import { pollFormPresenter } from '../cards/poll-form';
import type { Config } from '../config/config';
import { type Content, loadContent } from '../config/content';
import { type AllowedTenants, allowedTenants } from '../domain/tenants';
import { createLogger } from '../observability/logger';
import { otelMetrics } from '../observability/otel-metrics';
import { redactingLogger } from '../observability/redacting-logger';
import type { Telemetry } from '../observability/telemetry';
import { buildCommandTable } from './command-table';
import { publicPages } from './public-pages';
import { systemClock } from './system-clock';
import { buildVerbTable } from './verb-table';

/** What every part is handed: the log, the numbers, the clock, the cards, the content and the keys. */
export interface SharedParts {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly cards: CardRenderer;
  readonly content: Content;
  /** RESPONDENT_KEY_SECRET, or the local secret in DATA_DIR. */
  readonly secret: string;
  readonly pseudonym: ReturnType<typeof pseudonymiser>;
  readonly participants: ReturnType<typeof participantSeals>;
}

/** What a caller may hand in instead of what production makes. */
export interface SharedOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Application Insights, started by main.ts before anything else loads (observability/telemetry.ts). */
  readonly telemetry?: Telemetry;
}

export function sharedParts(config: Config, options: SharedOptions): SharedParts {
  const rawLogger = options.logger ?? createLogger(config.logLevel, options.telemetry?.forward ? { forward: options.telemetry.forward } : {});
  const secret = config.polls.respondentKeySecret || localRespondentSecret(config.dataDir);
  const pseudonym = pseudonymiser(secret);
  return {
    // People's ids become pseudonyms, and personal fields are dropped, before anything is logged.
    logger: redactingLogger(rawLogger, (id) => pseudonym({ aadObjectId: id, userId: id })),
    metrics: otelMetrics(),
    clock: options.clock ?? systemClock,
    cards: loadCardRenderer(),
    content: loadContent(config.contentDir),
    secret,
    pseudonym,
    participants: participantSeals(secret),
  };
}

/** The store, behind the cache of the answer path's reads (cached-store.ts), migrated before any answer is taken. */
export async function openData(config: Config, shared: SharedParts, open: (config: Config) => Promise<Store>): Promise<Store> {
  const store = cachedStore(await open(config), PRODUCTION_CACHE);
  try {
    // No response keeps an earlier release's cross-poll pseudonym.
    const resealed = await store.responses.resealLegacyParticipants(shared.participants.sealLegacy);
    if (resealed > 0) shared.logger.info("Sealed earlier answers' participant keys", { responses: resealed });
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Teams: the adapter behind the tenant fence, the messenger for turns, and the outbox's own messenger. */
export interface TeamsSide {
  readonly adapter: ReturnType<typeof createCloudAdapter>;
  readonly messenger: Messenger;
  /** No retries inside botbuilder, so each request the outbox makes is one leased slot. */
  readonly outboxMessenger: Messenger;
  readonly tenants: AllowedTenants;
}

export function teamsSide(config: Config, shared: SharedParts): TeamsSide {
  const adapter = createCloudAdapter(config.bot, shared.logger);
  const httpsOnly = config.bot.appId !== '';
  const tenants = allowedTenants(config.bot.allowedTenantIds);
  adapter.use(tenantFence(config.bot.allowedTenantIds, shared.logger, { httpsOnly }));
  return {
    adapter,
    messenger: teamsMessenger(adapter, config.bot.appId, { httpsOnly, tenants }),
    outboxMessenger: teamsMessenger(createCloudAdapter(config.bot, shared.logger, { retries: false }), config.bot.appId, { httpsOnly, tenants }),
    tenants,
  };
}

/** The deps the bot's use cases share, and the coalescing refresher of posted cards that they ask. */
export function botDeps(config: Config, shared: SharedParts, store: Store, teams: TeamsSide): { polls: BotDeps; refresher: CardRefresher } {
  const resultsCache = new ResultsCache(config.polls.cardRefreshMs);
  const refresher: CardRefresher = new CardRefresher(
    config.polls.cardRefreshMs,
    async (pollId) => {
      const poll = await store.polls.get(pollId);
      if (poll) await queueCardUpdates(polls, poll);
    },
    shared.logger,
    (pollId) => resultsCache.minimumGapMs(pollId),
  );
  const contentSource = new ContentSource(shared.content, store.content);
  const polls: BotDeps = {
    store,
    clock: shared.clock,
    logger: shared.logger,
    messenger: teams.messenger,
    // The seed with admins' edits over it, as of the last refresh: each read gets the newest.
    get content() {
      return contentSource.content;
    },
    contentSource,
    contentForms: contentPresenter(shared.cards),
    settings: config.polls,
    roles: rolesFromSettings(config.polls, store.leads),
    respondentKey: respondentKeyer(shared.secret),
    pseudonym: shared.pseudonym,
    participants: shared.participants,
    presenter: pollPresenter(shared.cards),
    forms: pollFormPresenter(shared.cards),
    requestRefresh: (pollId) => refresher.request(pollId),
    resultsCache,
    tenants: teams.tenants,
    metrics: shared.metrics,
    personLimits: new PersonLimits(shared.clock, PERSON_WINDOWS),
  };
  return { polls, refresher };
}

/** The digest use cases' deps; `publicUrl` is PUBLIC_URL, or the address the server is listening on. */
export function digestDeps(config: Config, shared: SharedParts, store: Store, polls: BotDeps, publicUrl: () => string): DigestDeps {
  return {
    store,
    clock: shared.clock,
    logger: shared.logger,
    get catalog() {
      return polls.content.catalog;
    },
    analyser: winkAnalyser(),
    minRespondents: config.polls.minRespondents,
    settings: config.digest,
    roles: polls.roles,
    instanceId: config.delivery.instanceId,
    presenter: digestPresenter(shared.cards),
    linkSecret: config.digest.exportLinkSecret || localRespondentSecret(config.dataDir, EXPORT_SECRET_FILE_NAME),
    publicUrl,
    tenants: polls.tenants,
    pseudonym: polls.pseudonym,
    participants: polls.participants.opener,
    metrics: shared.metrics,
  };
}

/** The HTTP server: Teams' messages through the bot and its command and verb tables, downloads, health and public pages. */
export async function serveHttp(
  config: Config,
  shared: SharedParts,
  store: Store,
  teams: TeamsSide,
  deps: { polls: BotDeps; digests: DigestDeps },
): Promise<RunningServer> {
  const { cards, logger, clock } = shared;
  const profile = { store, clock, catalog: shared.content.catalog, presenter: deps.polls.presenter };
  const commands = buildCommandTable(cards, deps.polls, profile, deps.digests);
  const bot = new PulseBot({
    store,
    clock,
    logger,
    cards,
    actions: buildVerbTable({ cards, polls: deps.polls, profile, commands, digests: deps.digests }),
    commands,
    polls: deps.polls,
  });
  return startHttpServer(
    {
      messages: createMessagesHandler(teams.adapter, bot, { detailedErrors: config.bot.appId === '', logger }),
      ready: () => store.ping(),
      logger,
      detailedErrors: config.bot.appId === '',
      download: (token, file, sink) => serveDownload(deps.digests, token, file, sink),
      pages: publicPages(),
      json: replyJson,
    },
    config.port,
    config.host,
  );
}
