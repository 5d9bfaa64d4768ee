import { type RunningServer, startHttpServer } from '../adapters/http/http-server';
import { openStore } from '../adapters/store/open-store';
import { createCloudAdapter, createMessagesHandler } from '../adapters/teams/messages-endpoint';
import { PulseBot } from '../adapters/teams/pulse-bot';
import { type Clock, type Logger, type Store, systemClock } from '../application/ports';
import { loadCardRenderer } from '../cards/card-renderer';
import { type Config, describeAuth } from '../config/config';
import { createLogger } from '../observability/logger';
import { buildVerbTable } from './verb-table';

export interface RunningApp {
  readonly config: Config;
  readonly server: RunningServer;
  readonly store: Store;
  /** Drains HTTP (up to the configured grace), then closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** The composition root: the one place that builds the adapters and hands them their ports. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const cards = loadCardRenderer();
  const actions = buildVerbTable(cards);
  const store = await openStore(config);
  let server: RunningServer;
  try {
    const bot = new PulseBot({ store, clock, logger, cards, actions });
    const adapter = createCloudAdapter(config.bot, logger);
    server = await startHttpServer(
      { messages: createMessagesHandler(adapter, bot), ready: () => store.ping(), logger },
      config.port,
      config.host,
    );
  } catch (error) {
    await store.close();
    throw error;
  }
  logger.info(`AHP Pulse is listening on ${server.url}/api/messages`, {
    port: server.port,
    store: store.description,
    channelAuthentication: describeAuth(config.bot),
  });

  let stopping: Promise<void> | undefined;
  return {
    config,
    server,
    store,
    stop: () =>
      (stopping ??= (async () => {
        await server.close(config.shutdownGraceMs);
        await store.close();
        logger.info('AHP Pulse stopped');
      })()),
  };
}
