import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { decodePng } from './png';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;
/** A placeholder the Agents Toolkit (and `npm run package`) fills from the environment. */
export const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/** Where the official schemas are: the npm package @microsoft/app-manifest. */
export function schemaFile(manifestVersion: string): string {
  const root = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(root, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** The official JSON schema of the manifest's own manifestVersion, offline (draft-04, so ajv-draft-04). */
export function schemaProblems(manifest: Record<string, unknown>): string[] {
  const version = String(manifest.manifestVersion ?? '');
  const file = schemaFile(version);
  if (!fs.existsSync(file)) return [`manifestVersion "${version}" has no official schema in @microsoft/app-manifest.`];
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `schema v${version}: ${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/**
 * The rules the schema does not hold, which Teams' app validation and store review apply:
 * lengths of names and descriptions, commands, ids, https addresses, domains without a scheme,
 * the icons' real sizes and the outline icon white on transparent, and no placeholder left.
 */
export function storeProblems(manifest: Record<string, unknown>, icons: { color?: Buffer; outline?: Buffer }): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(manifest);
  const left = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
  if (left.length > 0) problems.push(`placeholders not filled: ${left.join(', ')}.`);
  const m = manifest as {
    id?: string;
    version?: string;
    name?: { short?: string; full?: string };
    description?: { short?: string; full?: string };
    developer?: Record<string, string>;
    bots?: { botId?: string; commandLists?: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
    validDomains?: string[];
    accentColor?: string;
  };
  if (!GUID.test(m.id ?? '')) problems.push(`id "${m.id}" is not a GUID (the Teams app id).`);
  if (!SEMVER.test(m.version ?? '')) problems.push(`version "${m.version}" is not MAJOR.MINOR.PATCH.`);
  if ((m.name?.short ?? '').length > 30) problems.push('name.short is longer than 30 characters.');
  if ((m.description?.short ?? '').length > 80) problems.push('description.short is longer than 80 characters.');
  if ((m.description?.full ?? '').length > 4000) problems.push('description.full is longer than 4,000 characters.');
  if (m.description?.short && m.description.full?.startsWith(m.description.short)) problems.push('description.full repeats description.short.');
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    if (!/^https:\/\/[^\s/]+/.test(m.developer?.[key] ?? '')) problems.push(`developer.${key} must be an https address.`);
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(m.accentColor ?? '')) problems.push('accentColor must be #RRGGBB.');
  for (const bot of m.bots ?? []) {
    if (!GUID.test(bot.botId ?? '')) problems.push(`bots[].botId "${bot.botId}" is not a GUID (the bot's Microsoft App ID).`);
    for (const list of bot.commandLists ?? []) {
      if (list.commands.length > 10) problems.push(`the ${list.scopes.join('/')} command list has more than 10 commands.`);
      for (const c of list.commands) {
        if (c.title.length > 32) problems.push(`command "${c.title}" is longer than 32 characters.`);
        if (c.description.length > 128) problems.push(`the description of command "${c.title}" is longer than 128 characters.`);
      }
    }
  }
  for (const domain of m.validDomains ?? []) {
    if (/[:/]/.test(domain) || !/\./.test(domain)) problems.push(`validDomains "${domain}" must be a host name alone (no scheme, port or path).`);
  }
  problems.push(...iconProblems(icons));
  return problems;
}

function iconProblems(icons: { color?: Buffer; outline?: Buffer }): string[] {
  const problems: string[] = [];
  try {
    const color = decodePng(icons.color ?? Buffer.alloc(0));
    if (color.width !== 192 || color.height !== 192) problems.push(`color.png is ${color.width}×${color.height}; it must be 192×192.`);
  } catch (error) {
    problems.push(`color.png: ${(error as Error).message}.`);
  }
  try {
    const outline = decodePng(icons.outline ?? Buffer.alloc(0));
    if (outline.width !== 32 || outline.height !== 32) problems.push(`outline.png is ${outline.width}×${outline.height}; it must be 32×32.`);
    let visible = 0;
    let transparent = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = [outline.pixels[i]!, outline.pixels[i + 1]!, outline.pixels[i + 2]!, outline.pixels[i + 3]!];
      if (a === 0) transparent++;
      else {
        visible++;
        if (r !== 255 || g !== 255 || b !== 255) {
          problems.push('outline.png must be white on transparent: it has a pixel that is not white.');
          break;
        }
      }
    }
    if (visible === 0 || transparent === 0) problems.push('outline.png must be white on a transparent background.');
  } catch (error) {
    problems.push(`outline.png: ${(error as Error).message}.`);
  }
  return problems;
}
