import path from 'node:path';

/**
 * The bot's configuration: parsed once, from an explicit environment, into a typed and
 * frozen object. Every problem is collected before anything fails, so a person fixing
 * their .env sees the whole list at once, each with what to do about it.
 */

export const STORE_KINDS = ['embedded'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface BotIdentity {
  /** Empty means channel authentication is off: for a laptop or the playground, never production. */
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: AppType;
  readonly tenantId: string;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly store: StoreKind;
  readonly dataDir: string;
  readonly bot: BotIdentity;
  readonly logLevel: LogLevel;
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownGraceMs: number;
}

export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
  readonly fix: string;
}

export class ConfigError extends Error {
  readonly code = 'ahp_pulse_config_invalid';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem} ${p.fix}`).join('\n') +
        '\nSee .env.example for every variable and its default.',
    );
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export function parseConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: ConfigProblem[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push({
        variable: name,
        problem: `"${raw}" is not a whole number from ${min} to ${max}.`,
        fix: `Set it to a number such as ${fallback}, or remove it to use the default (${fallback}).`,
      });
      return fallback;
    }
    return value;
  };

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const match = allowed.find((candidate) => candidate.toLowerCase() === raw.toLowerCase());
    if (match === undefined) {
      problems.push({
        variable: name,
        problem: `"${raw}" is not one of ${allowed.join(', ')}.`,
        fix: `Set it to one of those, or remove it to use the default (${fallback}).`,
      });
      return fallback;
    }
    return match;
  };

  const port = integer('PORT', 3978, 0, 65535); // 0: any free port (tests)
  const host = read('HOST') ?? '0.0.0.0';
  const store = oneOf('STORE', STORE_KINDS, 'embedded');
  const dataDir = path.resolve(cwd, read('DATA_DIR') ?? 'data');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const shutdownGraceMs = integer('SHUTDOWN_GRACE_MS', 10_000, 0, 120_000);
  const bot = parseBotIdentity(read, oneOf, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ port, host, store, dataDir, bot: Object.freeze(bot), logLevel, shutdownGraceMs });
}

function parseBotIdentity(
  read: (name: string) => string | undefined,
  oneOf: <T extends string>(name: string, allowed: readonly T[], fallback: T) => T,
  problems: ConfigProblem[],
): BotIdentity {
  const appId = read('MicrosoftAppId') ?? '';
  const appPassword = read('MicrosoftAppPassword') ?? '';
  const appType = oneOf('MicrosoftAppType', APP_TYPES, 'MultiTenant');
  const tenantId = read('MicrosoftAppTenantId') ?? '';
  const portal = 'the Azure Bot resource in the Azure portal (Configuration)';

  if (appId === '') {
    if (appPassword !== '') {
      problems.push({
        variable: 'MicrosoftAppId',
        problem: 'is empty but MicrosoftAppPassword is set.',
        fix: `Set MicrosoftAppId to the bot's Microsoft App ID from ${portal}, or remove MicrosoftAppPassword.`,
      });
    }
    return { appId, appPassword, appType, tenantId };
  }
  if (appType !== 'UserAssignedMSI' && appPassword === '') {
    problems.push({
      variable: 'MicrosoftAppPassword',
      problem: `is empty, and a ${appType} app needs its client secret.`,
      fix: `Create a client secret for app ${appId} in Microsoft Entra ID (App registrations, Certificates & secrets) and set it here.`,
    });
  }
  if ((appType === 'SingleTenant' || appType === 'UserAssignedMSI') && tenantId === '') {
    problems.push({
      variable: 'MicrosoftAppTenantId',
      problem: `is empty, and a ${appType} app needs its tenant.`,
      fix: `Set it to the directory (tenant) ID shown on ${portal}.`,
    });
  }
  return { appId, appPassword, appType, tenantId };
}

export function describeAuth(bot: BotIdentity): string {
  return bot.appId === ''
    ? 'off (MicrosoftAppId is empty: local use only, never production)'
    : `on (${bot.appType} app ${bot.appId})`;
}
