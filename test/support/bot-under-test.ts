import type { RunningApp } from '../../src/app/start-app';
import type { Clock } from '../../src/application/ports/clock';
import type { Logger } from '../../src/application/ports/logger';
import { type CosmosTarget, cosmosEnv, startCosmosTarget } from './cosmos-server';
import { FakeConnector, type FakeConnectorOptions } from './fake-connector';
import { type PersonFixture, personalConversationId, personalMessage, stampActivitiesWith } from './teams-activities';
import { postActivity, startTestApp, tempDir } from './test-app';

/** Every end-to-end suite runs once per store: the embedded store, and Cosmos DB through the real SDK. */
export const STORES = ['embedded', 'cosmos'] as const;
export type StoreUnderTest = (typeof STORES)[number];

export interface BotUnderTest {
  connector: FakeConnector;
  app: RunningApp;
  data: ReturnType<typeof tempDir>;
  /** The Cosmos DB endpoint the bot uses (STORE=cosmos only). */
  cosmos?: CosmosTarget;
  /** The environment the bot was started with. */
  env: Record<string, string>;
  /** The bot's base URL (it listens on a loopback port the OS picked). */
  url(): string;
  /** Stops the bot and starts it again on the same data (and the same fake Teams). */
  restart(env?: Record<string, string>): Promise<void>;
}

/**
 * The real bot on a loopback port, on the chosen store (a temporary DATA_DIR, or a fresh
 * database on the local Cosmos DB server), talking to a fresh fake Bot Connector: started
 * before each test (or once, with `once`) and stopped after.
 */
export function botUnderTest(
  env: Record<string, string> = {},
  options: { store?: StoreUnderTest; connector?: FakeConnectorOptions; clock?: () => Clock; once?: boolean; logger?: Logger } = {},
): BotUnderTest {
  let clock: Clock | undefined;
  const bot = {
    url: () => bot.app.server.url,
    restart: async (more: Record<string, string> = {}) => {
      await bot.app.stop();
      bot.env = { ...bot.env, ...more };
      bot.app = await startTestApp(bot.data.dir, bot.env, { ...(clock ? { clock } : {}), ...(options.logger ? { logger: options.logger } : {}) });
    },
  } as BotUnderTest;
  const setUp = async () => {
    bot.connector = await new FakeConnector(options.connector).start();
    bot.data = tempDir();
    clock = options.clock?.();
    stampActivitiesWith(clock);
    bot.env = { ...env };
    if (options.store === 'cosmos') {
      bot.cosmos = await startCosmosTarget();
      bot.env = { ...cosmosEnv(bot.cosmos), ...env };
    }
    bot.app = await startTestApp(bot.data.dir, bot.env, { ...(clock ? { clock } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  };
  const tearDown = async () => {
    await bot.app?.stop();
    await bot.connector?.stop();
    await bot.cosmos?.stop();
    bot.data?.remove();
    stampActivitiesWith(undefined);
  };
  (options.once ? before : beforeEach)(setUp);
  (options.once ? after : afterEach)(tearDown);
  return bot;
}

/**
 * Writes `text` to the bot in `who`'s personal chat, and returns its reply there: the text and
 * the card (as JSON), read from that chat only, since the outbox may update a card elsewhere
 * meanwhile.
 */
export async function sayInChat(bot: BotUnderTest, who: PersonFixture, text: string): Promise<{ text: string; card: string }> {
  const before = bot.connector.activities.length;
  await postActivity(bot.url(), personalMessage(bot.connector.url, who, text));
  const reply = bot.connector.activities
    .slice(before)
    .filter((a) => a.conversationId === personalConversationId(who))
    .at(-1)?.activity;
  return { text: String(reply?.text ?? ''), card: JSON.stringify((reply?.attachments as { content?: unknown }[] | undefined)?.[0]?.content ?? null) };
}
