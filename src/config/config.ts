import os from 'node:os';
import path from 'node:path';
import { type BotIdentity, GUID, isProduction, parseBotIdentity } from './bot-identity';
import { type DigestSettings, parseDigest } from './digest-settings';
import { type ConfigProblem, type Env, EnvReader } from './env-reader';
import { isKeyVaultReference, unresolvedReference } from './key-vault';
import { listenHost } from './listen-guard';
import { PRODUCTION_SETTINGS } from './production-settings';

export { APP_TYPES, type AppType, type BotIdentity, describeAuth } from './bot-identity';

export type { DigestSettings } from './digest-settings';

/**
 * The bot's configuration: parsed once, from an explicit environment, into a typed and
 * frozen object. Every problem is collected before anything fails, so a person fixing
 * their .env sees the whole list at once, each with what to do about it.
 */

export const STORE_KINDS = ['embedded', 'cosmos'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface PollSettings {
  /** Entra object ids of professional leads (may start polls) and admins (may also close any). */
  readonly leadIds: readonly string[];
  readonly adminIds: readonly string[];
  /** Keys the hash that stands for a person in an anonymous poll. Empty: a local secret in DATA_DIR. */
  readonly respondentKeySecret: string;
  readonly defaultDurationHours: number;
  /** The one reminder goes this long before closing; 0 turns reminders off. */
  readonly reminderBeforeHours: number;
  /** At most one update of a posted card per poll in this interval, however many answer. */
  readonly cardRefreshMs: number;
  /** How often closing times and reminders are checked. */
  readonly schedulerIntervalMs: number;
  /** Results show only once this many people have answered (never below 3). */
  readonly minRespondents: number;
  /** Who runs this AHP Pulse, for the help card: a team and how to reach it. */
  readonly supportContact: string;
}

export interface DeliverySettings {
  /** Requests a second this instance sends to one tenant (Teams allows 50 per app per tenant). */
  readonly perTenantPerSecond: number;
  /** How often the outbox is checked for due deliveries. */
  readonly intervalMs: number;
  /** How long a claimed delivery stays claimed; a worker that died lets it go after this. */
  readonly leaseMs: number;
  /** This instance's name in delivery claims. */
  readonly instanceId: string;
}

export interface CosmosSettings {
  readonly endpoint: string;
  /** Empty: Microsoft Entra ID (DefaultAzureCredential; managed identity in App Service). */
  readonly key: string;
  readonly database: string;
  readonly createIfMissing: boolean;
  /** Self-signed certificates accepted: loopback endpoints only (the emulator, the test server). */
  readonly allowInsecureTls: boolean;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly store: StoreKind;
  readonly dataDir: string;
  readonly bot: BotIdentity;
  readonly logLevel: LogLevel;
  /** APPLICATIONINSIGHTS_CONNECTION_STRING: logs, request traces and metrics to Application Insights; empty: JSON lines on stdout only. */
  readonly appInsightsConnectionString: string;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
  /** Folder of priorities.json, professions.json, workforce.json and poll-templates.json. */
  readonly contentDir: string;
  readonly polls: PollSettings;
  readonly delivery: DeliverySettings;
  readonly digest: DigestSettings;
  /** Present when STORE=cosmos. */
  readonly cosmos?: CosmosSettings;
  /** Responses are deleted this many days after their last change; 0 keeps them. */
  readonly retentionDays: number;
}

export { ConfigError, type ConfigProblem, type Env } from './env-reader';

export function parseConfig(env: Env, cwd: string = process.cwd()): Config {
  const reader = new EnvReader(env);
  const read = (name: string) => reader.read(name);
  const integer = (name: string, fallback: number, min: number, max: number) => reader.integer(name, fallback, min, max);
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => reader.oneOf(name, allowed, fallback);
  const problems = reader.problems;

  const port = integer('PORT', 3978, 0, 65535); // 0: any free port (tests)
  const store = oneOf('STORE', STORE_KINDS, 'embedded');
  const dataDir = path.resolve(cwd, read('DATA_DIR') ?? 'data');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const shutdownGraceMs = integer('SHUTDOWN_GRACE_MS', 10_000, 0, 120_000);
  const bot = parseBotIdentity(reader);
  const host = listenHost(reader, bot.appId !== '');
  const contentDir = path.resolve(cwd, read('CONTENT_DIR') ?? DEFAULT_CONTENT_DIR);

  const ids = (name: string): string[] => {
    const list = (read(name) ?? '')
      .split(',')
      .map((id) => id.trim().toLowerCase())
      .filter(Boolean);
    const bad = list.filter((id) => !GUID.test(id));
    if (bad.length > 0) {
      problems.push({
        variable: name,
        problem: `${bad.map((id) => `"${id}"`).join(', ')} ${bad.length === 1 ? 'is not' : 'are not'} a Microsoft Entra object id.`,
        fix: 'List object ids (GUIDs, from Entra ID > Users > Object ID), separated by commas.',
      });
    }
    return list.filter((id) => GUID.test(id));
  };
  const respondentKeySecret = read('RESPONDENT_KEY_SECRET') ?? '';
  if (isKeyVaultReference(respondentKeySecret)) {
    problems.push(unresolvedReference('RESPONDENT_KEY_SECRET'));
  } else if (respondentKeySecret !== '' && respondentKeySecret.length < 32) {
    problems.push({
      variable: 'RESPONDENT_KEY_SECRET',
      problem: `is ${respondentKeySecret.length} characters; it needs at least 32.`,
      fix: "Generate one with `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"` and keep it in Key Vault.",
    });
  } else if (respondentKeySecret === '' && bot.appId !== '') {
    problems.push({
      variable: 'RESPONDENT_KEY_SECRET',
      problem: 'is empty, and a deployed bot (MicrosoftAppId is set) must not keep the key of anonymous answers beside them.',
      fix: 'Set it to 32 or more random characters, kept in Key Vault; never change it while polls are open.',
    });
  }
  const polls: PollSettings = Object.freeze({
    leadIds: Object.freeze(ids('LEAD_IDS')),
    adminIds: Object.freeze(ids('ADMIN_IDS')),
    respondentKeySecret,
    defaultDurationHours: integer('POLL_DEFAULT_DURATION_HOURS', 168, 1, 24 * 90),
    reminderBeforeHours: integer('POLL_REMINDER_BEFORE_HOURS', 24, 0, 24 * 30),
    cardRefreshMs: integer('CARD_REFRESH_MS', 2_000, 500, 60_000),
    schedulerIntervalMs: integer('SCHEDULER_INTERVAL_MS', 30_000, 100, 3_600_000),
    minRespondents: integer('MIN_RESPONDENTS', 5, 3, 1_000),
    supportContact: supportContact(read('SUPPORT_CONTACT'), problems),
  });

  const retentionDays = integer('RETENTION_DAYS', 730, 0, 3650);
  const delivery: DeliverySettings = Object.freeze({
    perTenantPerSecond: integer('DELIVERY_RATE_PER_SECOND', 50, 1, 50),
    intervalMs: integer('OUTBOX_INTERVAL_MS', 500, 50, 60_000),
    leaseMs: integer('OUTBOX_LEASE_MS', 60_000, 1_000, 600_000),
    instanceId: read('INSTANCE_ID') ?? `${os.hostname()}-${process.pid}`,
  });
  const cosmos = store === 'cosmos' ? parseCosmos(reader) : undefined;
  if (store === 'embedded' && isProduction(reader)) {
    reader.problem(
      'STORE',
      "is embedded (the default) in production: one process's SQLite file, with no replication, no point-in-time restore and no second instance.",
      'Set STORE=cosmos with COSMOS_ENDPOINT and COSMOS_DATABASE (infra/azure.bicep does; docs/deploy.md).',
    );
  }
  const digest = parseDigest(reader, bot.appId !== '');
  if (isProduction(reader) && bot.appId !== '') {
    // A deployment sets every one of these (infra/azure.bicep); one missing is a deployment gone wrong.
    // (Without MicrosoftAppId the listen guard has already said what matters most.)
    for (const [name, why] of Object.entries(PRODUCTION_SETTINGS)) {
      if (!reader.has(name))
        reader.problem(
          name,
          `is not set, and production needs it (${why}).`,
          'Set it as infra/azure.bicep does (docs/deploy.md); it may be empty where that is allowed.',
        );
    }
  }
  reader.done();
  return Object.freeze({
    port,
    host,
    store,
    dataDir,
    bot: Object.freeze(bot),
    logLevel,
    appInsightsConnectionString: read('APPLICATIONINSIGHTS_CONNECTION_STRING') ?? '',
    shutdownGraceMs,
    contentDir,
    polls,
    retentionDays,
    delivery,
    digest,
    ...(cosmos ? { cosmos: Object.freeze(cosmos) } : {}),
  });
}

function supportContact(raw: string | undefined, problems: ConfigProblem[]): string {
  if (raw === undefined) return "your organisation's AHP Pulse admin";
  if (raw.length > 200 || /[\r\n]/.test(raw)) {
    problems.push({
      variable: 'SUPPORT_CONTACT',
      problem: `is ${raw.length} characters or has a line break.`,
      fix: 'Write one line of up to 200 characters, e.g. "the AHP strategy team (ahp.pulse@example.nhs.uk)".',
    });
  }
  return raw;
}

function parseCosmos(reader: EnvReader): CosmosSettings {
  const read = (name: string) => reader.read(name);
  const flag = (name: string) => reader.flag(name);
  const problems = reader.problems;
  const endpoint = read('COSMOS_ENDPOINT') ?? '';
  let host = '';
  try {
    const url = new URL(endpoint);
    host = url.hostname;
    if (url.protocol !== 'https:') throw new TypeError('not https');
  } catch {
    problems.push({
      variable: 'COSMOS_ENDPOINT',
      problem: endpoint ? `"${endpoint}" is not an https URL.` : 'is empty, and STORE=cosmos needs it.',
      fix: "Set it to the account's URI from the Azure portal (Cosmos DB account > Overview), e.g. https://ahp-pulse.documents.azure.com:443/.",
    });
  }
  const allowInsecureTls = flag('COSMOS_ALLOW_INSECURE_TLS');
  if (allowInsecureTls && !['localhost', '127.0.0.1', '[::1]', '::1'].includes(host)) {
    problems.push({
      variable: 'COSMOS_ALLOW_INSECURE_TLS',
      problem: `is true for ${host || 'a remote endpoint'}; it is allowed only for a local emulator on loopback.`,
      fix: 'Remove it: Azure Cosmos DB has a trusted certificate.',
    });
  }
  return {
    endpoint,
    key: read('COSMOS_KEY') ?? '',
    database: read('COSMOS_DATABASE') ?? 'ahp-pulse',
    createIfMissing: flag('COSMOS_CREATE_CONTAINERS'),
    allowInsecureTls,
  };
}

/** content/ at the project root, from both src/ (ts) and dist/src/ (js). */
export const DEFAULT_CONTENT_DIR = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../content' : '../../content');
