import type { RunningServer } from '../adapters/http/http-server';
import { openStore } from '../adapters/store/open-store';
import type { Store } from '../application/ports/store';
import { type Config, describeAuth } from '../config/config';
import { type BackgroundWork, startBackgroundWork } from './background-work';
import { botDeps, digestDeps, openData, type SharedOptions, serveHttp, sharedParts, teamsSide } from './wiring';

export interface RunningApp {
  readonly config: Config;
  readonly server: RunningServer;
  readonly store: Store;
  /** Hooks for tests and operations: the same work the timers do, run now. */
  readonly work: BackgroundWork;
  /** Drains HTTP (up to the configured grace), flushes card updates, then closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions extends SharedOptions {
  /** Opens the configured store (open-store.ts); a test gives a store whose parts it makes fail. */
  readonly openStore?: (config: Config) => Promise<Store>;
}

/**
 * The composition root: the one place that builds the adapters and hands them their ports, as
 * a few wiring steps (wiring.ts): what everything shares, the store, Teams, the use cases' deps,
 * the HTTP server, then the background work.
 */
export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const shared = sharedParts(config, options);
  const store = await openData(config, shared, options.openStore ?? openStore);
  try {
    const teams = teamsSide(config, shared);
    const address = { url: `http://localhost:${config.port}` };
    const { polls, refresher } = botDeps(config, shared, store, teams);
    // What admins have changed in the bot, over the seed in content/, before the first turn.
    await polls.contentSource.refresh();
    const digests = digestDeps(config, shared, store, polls, () => config.digest.publicUrl || address.url);
    const server = await serveHttp(config, shared, store, teams, { polls, digests });
    address.url = server.url;
    const background = startBackgroundWork(config, shared, store, teams, { polls, digests, refresher });
    shared.logger.info(`AHP Pulse is listening on ${server.url}/api/messages`, {
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
      work: background.work,
      stop: () =>
        (stopping ??= (async () => {
          await server.close(config.shutdownGraceMs);
          await background.stop();
          await store.close();
          shared.logger.info('AHP Pulse stopped');
          await options.telemetry?.shutdown();
        })()),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
