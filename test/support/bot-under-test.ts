import type { RunningApp } from '../../src/app/start-app';
import type { Clock } from '../../src/application/ports';
import { FakeConnector, type FakeConnectorOptions } from './fake-connector';
import { startTestApp, tempDir } from './test-app';

export interface BotUnderTest {
  connector: FakeConnector;
  app: RunningApp;
  data: ReturnType<typeof tempDir>;
  /** The bot's base URL (it listens on a loopback port the OS picked). */
  url(): string;
  /** Stops the bot and starts it again on the same DATA_DIR (and the same fake Teams). */
  restart(env?: Record<string, string>): Promise<void>;
}

/**
 * The real bot on a loopback port with a temporary DATA_DIR, talking to a fresh fake Bot
 * Connector: started before each test (or once, with `once`) and stopped after.
 */
export function botUnderTest(
  env: Record<string, string> = {},
  options: { connector?: FakeConnectorOptions; clock?: () => Clock; once?: boolean } = {},
): BotUnderTest {
  let clock: Clock | undefined;
  const bot = {
    url: () => bot.app.server.url,
    restart: async (more: Record<string, string> = {}) => {
      await bot.app.stop();
      bot.app = await startTestApp(bot.data.dir, { ...env, ...more }, clock ? { clock } : {});
    },
  } as BotUnderTest;
  const setUp = async () => {
    bot.connector = await new FakeConnector(options.connector).start();
    bot.data = tempDir();
    clock = options.clock?.();
    bot.app = await startTestApp(bot.data.dir, env, clock ? { clock } : {});
  };
  const tearDown = async () => {
    await bot.app?.stop();
    await bot.connector?.stop();
    bot.data?.remove();
  };
  (options.once ? before : beforeEach)(setUp);
  (options.once ? after : afterEach)(tearDown);
  return bot;
}
