import { type RunningServer, startHttpServer } from '../adapters/http/http-server';
import { winkAnalyser } from '../adapters/nlp/wink-analyser';
import { startScheduler } from '../adapters/scheduler/interval-scheduler';
import { cachedStore, PRODUCTION_CACHE } from '../adapters/store/cached-store';
import { EXPORT_SECRET_FILE_NAME, localRespondentSecret } from '../adapters/store/local-secret';
import { openStore } from '../adapters/store/open-store';
import { createCloudAdapter, createMessagesHandler } from '../adapters/teams/messages-endpoint';
import { PulseBot } from '../adapters/teams/pulse-bot';
import { teamsMessenger } from '../adapters/teams/teams-messenger';
import { tenantFence } from '../adapters/teams/tenant-fence';
import { retentionJob } from '../application/apply-retention';
import type { BotDeps } from '../application/bot-deps';
import { DIGEST_TITLE } from '../application/digest/digest-command';
import type { DigestDeps } from '../application/digest/digest-deps';
import { serveDownload } from '../application/digest/export-responses';
import { runDueDigests } from '../application/digest/publish-digest';
import { reportLaunchWhenDone } from '../application/launches/launch-poll';
import { renderDelivery } from '../application/launches/render-delivery';
import { runDueWeekly } from '../application/launches/run-due-weekly';
import { DeliveryWorker } from '../application/outbox/delivery-worker';
import { PERSON_WINDOWS, PersonLimits } from '../application/person-limits';
import { CardRefresher } from '../application/polls/card-refresher';
import { queueCardUpdates } from '../application/polls/postings';
import { participantSeals, pseudonymiser, respondentKeyer } from '../application/polls/respondent-key';
import { ResultsCache } from '../application/polls/results-cache';
import { runDuePollWork } from '../application/polls/run-due-polls';
import type { Clock } from '../application/ports/clock';
import type { Logger } from '../application/ports/logger';
import type { Store } from '../application/ports/store';
import { markChannelUnreachable } from '../application/record-installation';
import { rolesFromSettings } from '../application/routing/roles';
import { replyJson } from '../cards/card-json';
import { loadCardRenderer } from '../cards/card-renderer';
import { digestPresenter } from '../cards/digest-card';
import { pollPresenter } from '../cards/poll-cards';
import { type Config, describeAuth } from '../config/config';
import { loadContent } from '../config/content';
import { PulseError } from '../domain/errors';
import { allowedTenants } from '../domain/tenants';
import { newCorrelation, withCorrelation } from '../observability/correlation';
import { createLogger } from '../observability/logger';
import { otelMetrics } from '../observability/otel-metrics';
import { redactingLogger } from '../observability/redacting-logger';
import type { Telemetry } from '../observability/telemetry';
import { buildCommandTable } from './command-table';
import { publicPages } from './public-pages';
import { systemClock } from './system-clock';
import { buildVerbTable } from './verb-table';

export interface RunningApp {
  readonly config: Config;
  readonly server: RunningServer;
  readonly store: Store;
  /** Hooks for tests and operations: the same work the timers do, run now. */
  readonly work: {
    /** Sends every pending (coalesced) update of posted poll cards, and waits for them. */
    flushCardUpdates(): Promise<void>;
    /** Closes due polls and sends due reminders now. */
    runDuePollWork(): Promise<void>;
    /** Sends what the outbox holds that is due, until `done` says so. */
    drainOutbox(done?: () => Promise<boolean>): Promise<void>;
    /** Stops the delivery worker as a crash would, leaving its claims (tests of restart). */
    killWorker(): void;
  };
  /** Drains HTTP (up to the configured grace), flushes card updates, then closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Application Insights, started by main.ts before anything else loads (observability/telemetry.ts). */
  readonly telemetry?: Telemetry;
  /** Opens the configured store (open-store.ts); a test gives a store whose parts it makes fail. */
  readonly openStore?: (config: Config) => Promise<Store>;
}

/** The composition root: the one place that builds the adapters and hands them their ports. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const telemetry = options.telemetry;
  const rawLogger = options.logger ?? createLogger(config.logLevel, telemetry?.forward ? { forward: telemetry.forward } : {});
  const metrics = otelMetrics();
  const clock = options.clock ?? systemClock;
  const cards = loadCardRenderer();
  const content = loadContent(config.contentDir);
  const secret = config.polls.respondentKeySecret || localRespondentSecret(config.dataDir);
  const pseudonym = pseudonymiser(secret);
  const participants = participantSeals(secret);
  const logger = redactingLogger(rawLogger, (id) => pseudonym({ aadObjectId: id, userId: id }));
  // The answer path's reads (poll, posting, profile) from memory for a short while: see cached-store.ts.
  const store = cachedStore(await (options.openStore ?? openStore)(config), PRODUCTION_CACHE);
  try {
    // Before any answer is taken: no response keeps an earlier release's cross-poll pseudonym.
    const resealed = await store.responses.resealLegacyParticipants(participants.sealLegacy);
    if (resealed > 0) logger.info("Sealed earlier answers' participant keys", { responses: resealed });
    const adapter = createCloudAdapter(config.bot, logger);
    const httpsOnly = config.bot.appId !== '';
    const tenants = allowedTenants(config.bot.allowedTenantIds);
    adapter.use(tenantFence(config.bot.allowedTenantIds, logger, { httpsOnly }));
    const presenter = pollPresenter(cards);
    const resultsCache = new ResultsCache(config.polls.cardRefreshMs);
    const refresher: CardRefresher = new CardRefresher(
      config.polls.cardRefreshMs,
      async (pollId) => {
        const poll = await store.polls.get(pollId);
        if (poll) await queueCardUpdates(polls, poll);
      },
      logger,
      (pollId) => resultsCache.minimumGapMs(pollId),
    );
    const messenger = teamsMessenger(adapter, config.bot.appId, { httpsOnly, tenants });
    // The outbox's own: no retries inside botbuilder, so each request is one leased slot.
    const outboxMessenger = teamsMessenger(createCloudAdapter(config.bot, logger, { retries: false }), config.bot.appId, { httpsOnly, tenants });
    const polls: BotDeps = {
      store,
      clock,
      logger,
      messenger,
      content,
      settings: config.polls,
      roles: rolesFromSettings(config.polls, store.leads),
      respondentKey: respondentKeyer(secret),
      pseudonym,
      participants,
      presenter,
      requestRefresh: (pollId) => refresher.request(pollId),
      resultsCache,
      tenants,
      metrics,
      personLimits: new PersonLimits(clock, PERSON_WINDOWS),
    };
    const profile = { store, clock, catalog: content.catalog, presenter };
    let listening = `http://localhost:${config.port}`;
    const digests: DigestDeps = {
      store,
      clock,
      logger,
      catalog: content.catalog,
      analyser: winkAnalyser(),
      minRespondents: config.polls.minRespondents,
      settings: config.digest,
      roles: polls.roles,
      instanceId: config.delivery.instanceId,
      presenter: digestPresenter(cards),
      linkSecret: config.digest.exportLinkSecret || localRespondentSecret(config.dataDir, EXPORT_SECRET_FILE_NAME),
      publicUrl: () => config.digest.publicUrl || listening,
      tenants,
      pseudonym: polls.pseudonym,
      participants: polls.participants.opener,
      metrics,
    };
    const digestRenderer = {
      card: async (weekId: string) => {
        const publication = await store.digests.get(weekId);
        if (!publication)
          throw new PulseError(
            'ahp_pulse_subject_gone',
            `The digest of week ${weekId} is not recorded, so its delivery cannot be drawn; the outbox gives it up.`,
          );
        return digests.presenter.digestCard(publication.digest, { title: DIGEST_TITLE });
      },
    };
    const commands = buildCommandTable(cards, polls, profile, digests);
    const bot = new PulseBot({
      store,
      clock,
      logger,
      cards,
      actions: buildVerbTable({ cards, polls, profile, commands }),
      commands,
      polls,
    });
    const server = await startHttpServer(
      {
        messages: createMessagesHandler(adapter, bot, { detailedErrors: config.bot.appId === '', logger }),
        ready: () => store.ping(),
        logger,
        detailedErrors: config.bot.appId === '',
        download: (token, file, sink) => serveDownload(digests, token, file, sink),
        pages: publicPages(),
        json: replyJson,
      },
      config.port,
      config.host,
    );
    listening = server.url;
    const purgeExpired = retentionJob({ store, clock, logger }, config.retentionDays);
    const worker = new DeliveryWorker(
      {
        store,
        clock,
        logger,
        messenger: outboxMessenger,
        render: (delivery) => renderDelivery(polls, delivery, digestRenderer),
        onBlocked: (delivery) => markChannelUnreachable({ store, clock }, delivery.target.teamId, delivery.target.channelId),
        metrics,
        correlate: (work) => withCorrelation(newCorrelation('delivery'), work),
        onPostsSettled: async (pollIds) => {
          for (const pollId of pollIds) await reportLaunchWhenDone(polls, pollId);
        },
      },
      {
        owner: config.delivery.instanceId,
        intervalMs: config.delivery.intervalMs,
        perTenantPerSecond: config.delivery.perTenantPerSecond,
        leaseMs: config.delivery.leaseMs,
        batch: config.delivery.perTenantPerSecond * 2,
      },
    );
    worker.start();
    const scheduler = startScheduler(
      config.polls.schedulerIntervalMs,
      {
        'close and remind polls': () => runDuePollWork(polls),
        'weekly pulses': () => runDueWeekly(polls),
        'weekly digest': () => runDueDigests(digests),
        retention: () => purgeExpired(),
      },
      logger,
    );
    logger.info(`AHP Pulse is listening on ${server.url}/api/messages`, {
      port: server.port,
      store: store.description,
      channelAuthentication: describeAuth(config.bot),
      anonymousKey: config.polls.respondentKeySecret ? 'RESPONDENT_KEY_SECRET' : 'a local secret in DATA_DIR (set RESPONDENT_KEY_SECRET when deployed)',
    });

    let stopping: Promise<void> | undefined;
    return {
      config,
      server,
      store,
      work: {
        flushCardUpdates: async () => {
          await refresher.flush();
          await worker.drain();
        },
        runDuePollWork: async () => {
          await scheduler.tickNow();
          await worker.drain();
        },
        drainOutbox: (done) => worker.drain(done),
        killWorker: () => worker.kill(),
      },
      stop: () =>
        (stopping ??= (async () => {
          await server.close(config.shutdownGraceMs);
          await scheduler.stop();
          await refresher.stop();
          await worker.stop();
          await store.close();
          logger.info('AHP Pulse stopped');
          await telemetry?.shutdown();
        })()),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
