import fs from 'node:fs';
import path from 'node:path';
import { colorIcon, outlineIcon } from './icons';
import { PLACEHOLDER, schemaProblems, storeProblems } from './manifest-checks';
import { encodePng } from './png';
import { PROJECT_ROOT } from './project-root';
import { readZip, writeZip } from './zip';

export const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');

export class PackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app package was not made:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

/**
 * The values the manifest template's placeholders take, from an environment: BOT_ID and
 * PUBLIC_URL are needed; the Teams app id defaults to the bot id, the version to
 * package.json's, and the developer pages to the ones the bot serves itself.
 */
export function manifestValues(env: Readonly<Record<string, string | undefined>>): { values: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  const botId = env.BOT_ID ?? env.MicrosoftAppId ?? '';
  if (!botId) problems.push('BOT_ID is not set: the bot’s Microsoft App ID (for a user-assigned managed identity, its client id).');
  const rawUrl = (env.PUBLIC_URL ?? '').replace(/\/+$/, '');
  let domain = '';
  try {
    const url = new URL(rawUrl);
    if (url.protocol !== 'https:') problems.push(`PUBLIC_URL "${rawUrl}" must be https: Teams reaches the bot there.`);
    domain = url.hostname;
  } catch {
    problems.push(`PUBLIC_URL "${rawUrl}" is not a URL: set it to the bot's address, e.g. https://ahp-pulse.azurewebsites.net.`);
  }
  const version = env.APP_VERSION || (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    problems,
    values: {
      BOT_ID: botId,
      TEAMS_APP_ID: env.TEAMS_APP_ID || botId,
      APP_VERSION: version,
      BOT_DOMAIN: domain,
      DEVELOPER_WEBSITE_URL: env.DEVELOPER_WEBSITE_URL || `${rawUrl}/about`,
      PRIVACY_URL: env.PRIVACY_URL || `${rawUrl}/privacy`,
      TERMS_URL: env.TERMS_URL || `${rawUrl}/terms`,
    },
  };
}

/** The template with every placeholder replaced (JSON-escaped); a name with no value stays, for the checks to report. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): Record<string, unknown> {
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => (values[name] ? JSON.stringify(values[name]).slice(1, -1) : whole));
  return JSON.parse(filled) as Record<string, unknown>;
}

export interface BuiltPackage {
  readonly zip: Buffer;
  readonly manifest: Record<string, unknown>;
}

/** Fills the template, draws the icons, checks everything, and zips manifest.json and the icons at the root. Throws PackageError with every problem. */
export function buildPackage(env: Readonly<Record<string, string | undefined>>, manifestDir: string = MANIFEST_DIR): BuiltPackage {
  const { values, problems } = manifestValues(env);
  const manifest = fillTemplate(fs.readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8'), values);
  const icons = { color: encodePng(colorIcon()), outline: encodePng(outlineIcon()) };
  problems.push(...schemaProblems(manifest), ...storeProblems(manifest, icons));
  if (problems.length > 0) throw new PackageError(problems);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: icons.color },
    { name: 'outline.png', data: icons.outline },
  ]);
  return { zip, manifest };
}

/** The checks run on a built zip: what a test, or an operator given a zip, can run. */
export function checkPackage(zip: Buffer): string[] {
  const files = readZip(zip);
  const names = [...files.keys()].sort();
  const problems: string[] = [];
  if (names.join(',') !== 'color.png,manifest.json,outline.png')
    problems.push(`the zip must hold manifest.json, color.png and outline.png at its root; it holds ${names.join(', ')}.`);
  const text = files.get('manifest.json')?.toString('utf8');
  if (!text) return [...problems, 'manifest.json is missing.'];
  const manifest = JSON.parse(text) as Record<string, unknown>;
  return [...problems, ...schemaProblems(manifest), ...storeProblems(manifest, { color: files.get('color.png'), outline: files.get('outline.png') })];
}
