import { Cron } from 'croner';
import { isProduction } from './bot-identity';
import type { EnvReader } from './env-reader';
import { isKeyVaultReference, unresolvedReference } from './key-vault';

/** The weekly digest's settings, parsed with the rest of the configuration (config.ts). */
export interface DigestSettings {
  /** When each week's digest is published: a cron expression read in UK time (Europe/London). */
  readonly schedule: string;
  /** Team channels (ids "19:…") the digest is posted to, besides the personal chats of subscribers. */
  readonly channelIds: readonly string[];
  /** The bot's public base URL, for export download links; empty: the address it listens on. */
  readonly publicUrl: string;
  /** How long an export download link works. */
  readonly exportLinkMinutes: number;
  /** Signs export links (EXPORT_LINK_SECRET): a key of their own, never the respondent key. Empty: a local secret in DATA_DIR. */
  readonly exportLinkSecret: string;
}

export const DEFAULT_DIGEST_SCHEDULE = '0 9 * * 1';

export function parseDigest(reader: EnvReader, deployed: boolean): DigestSettings {
  const read = (name: string) => reader.read(name);
  const integer = (name: string, fallback: number, min: number, max: number) => reader.integer(name, fallback, min, max);
  const problems = reader.problems;
  const schedule = read('DIGEST_SCHEDULE') ?? DEFAULT_DIGEST_SCHEDULE;
  const scheduleProblem = cronProblem(schedule);
  if (scheduleProblem) {
    problems.push({
      variable: 'DIGEST_SCHEDULE',
      problem: `"${schedule}" is not a cron expression (${scheduleProblem}).`,
      fix: `Write five fields, minute hour day-of-month month day-of-week, in UK time: "${DEFAULT_DIGEST_SCHEDULE}" is Mondays at 09:00 (the default).`,
    });
  }
  const channelIds = (read('DIGEST_CHANNEL_IDS') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const badChannels = channelIds.filter((id) => !/^19:[^\s,]+$/.test(id));
  if (badChannels.length > 0) {
    problems.push({
      variable: 'DIGEST_CHANNEL_IDS',
      problem: `${badChannels.map((id) => `"${id}"`).join(', ')} ${badChannels.length === 1 ? 'is not' : 'are not'} a Teams channel id.`,
      fix: 'List channel ids (they start "19:" and end "@thread.tacv2"; in Teams: the channel\'s "Get link to channel"), separated by commas.',
    });
  }
  const rawUrl = read('PUBLIC_URL') ?? '';
  let publicUrl = rawUrl.replace(/\/+$/, '');
  try {
    if (publicUrl !== '') {
      const url = new URL(publicUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('not http');
      if (url.protocol !== 'https:' && isProduction(reader)) {
        reader.problem(
          'PUBLIC_URL',
          `is "${rawUrl}": in production, export links must be https, or they would carry their token in clear.`,
          'Set it to the https address of the App Service, e.g. https://ahp-pulse.azurewebsites.net.',
        );
      }
    }
  } catch {
    problems.push({
      variable: 'PUBLIC_URL',
      problem: `"${rawUrl}" is not an http or https URL.`,
      fix: 'Set it to the address Teams users reach the bot at, e.g. https://ahp-pulse.azurewebsites.net.',
    });
    publicUrl = '';
  }
  return Object.freeze({
    schedule,
    channelIds: Object.freeze(channelIds),
    publicUrl,
    exportLinkMinutes: integer('EXPORT_LINK_MINUTES', 15, 1, 24 * 60),
    exportLinkSecret: exportLinkSecret(reader, deployed),
  });
}

function exportLinkSecret(reader: EnvReader, deployed: boolean): string {
  const secret = reader.read('EXPORT_LINK_SECRET') ?? '';
  const fix = 'Set it to 32 or more random characters, kept in Key Vault, different from RESPONDENT_KEY_SECRET.';
  if (isKeyVaultReference(secret)) {
    const problem = unresolvedReference('EXPORT_LINK_SECRET');
    reader.problem(problem.variable, problem.problem, problem.fix);
  } else if (secret !== '' && secret.length < 32) reader.problem('EXPORT_LINK_SECRET', `is ${secret.length} characters; it needs at least 32.`, fix);
  else if (secret === '' && deployed)
    reader.problem('EXPORT_LINK_SECRET', 'is empty, and a deployed bot (MicrosoftAppId is set) signs export links with it.', fix);
  else if (secret !== '' && secret === reader.read('RESPONDENT_KEY_SECRET')) {
    reader.problem('EXPORT_LINK_SECRET', 'is the same as RESPONDENT_KEY_SECRET: one leaked link key would then unmask anonymous answers.', fix);
  }
  return secret;
}

/** Why a cron expression is refused, or undefined when croner reads it. */
function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { timezone: 'Europe/London', paused: true });
    return expression.trim().split(/\s+/).length === 5 ? undefined : 'it needs exactly five fields';
  } catch (error) {
    return (error as Error).message;
  }
}
