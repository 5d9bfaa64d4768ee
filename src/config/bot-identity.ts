import type { EnvReader } from './env-reader';

/** Who the bot is to the Bot Framework, and who may talk to it. */

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

export interface BotIdentity {
  /** Empty means channel authentication is off: for a laptop or the playground, never production. */
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: AppType;
  readonly tenantId: string;
  /** Only activities from these tenants get in (ALLOWED_TENANT_IDS; default MicrosoftAppTenantId). Empty: any tenant, allowed only with authentication off. */
  readonly allowedTenantIds: readonly string[];
  /**
   * Where the Bot Framework's signing keys are published (botbuilder's
   * ToBotFromChannelOpenIdMetadataUrl). Empty: the Bot Framework's own. Set only by tests and
   * local tools, and refused on App Service or under NODE_ENV=production.
   */
  readonly openIdMetadataUrl: string;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The tenant fence: ALLOWED_TENANT_IDS, or the app's own tenant; required once authentication is on. */
function allowedTenants(reader: EnvReader, tenantId: string, multiTenantWithAuthentication: boolean): readonly string[] {
  const listed = (reader.read('ALLOWED_TENANT_IDS') ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const bad = listed.filter((id) => !GUID.test(id));
  if (bad.length > 0) {
    reader.problem(
      'ALLOWED_TENANT_IDS',
      `${bad.map((id) => `"${id}"`).join(', ')} is not a tenant id.`,
      'List Microsoft Entra tenant ids (GUIDs, from Entra ID > Overview > Tenant ID), separated by commas.',
    );
  }
  const allowed = listed.length > 0 ? listed : tenantId ? [tenantId.toLowerCase()] : [];
  if (multiTenantWithAuthentication && allowed.length === 0) {
    reader.problem(
      'ALLOWED_TENANT_IDS',
      'is empty for a multi-tenant app with authentication on: any Microsoft 365 tenant could talk to the bot.',
      "Set it to your organisation's tenant id (Entra ID > Overview > Tenant ID), or several, separated by commas.",
    );
  }
  return Object.freeze(allowed);
}

export function parseBotIdentity(reader: EnvReader): BotIdentity {
  const read = (name: string) => reader.read(name);
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => reader.oneOf(name, allowed, fallback);
  const problems = reader.problems;
  const appId = read('MicrosoftAppId') ?? '';
  const appPassword = read('MicrosoftAppPassword') ?? '';
  // New multi-tenant Azure Bot registrations are no longer offered: a managed identity is the default.
  const appType = oneOf('MicrosoftAppType', APP_TYPES, 'UserAssignedMSI');
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
    return { appId, appPassword, appType, tenantId, allowedTenantIds: allowedTenants(reader, tenantId, false), openIdMetadataUrl: openIdMetadata(reader) };
  }
  if (appType === 'UserAssignedMSI' && appPassword !== '') {
    problems.push({
      variable: 'MicrosoftAppType',
      problem: 'is UserAssignedMSI (the default), which has no client secret, but MicrosoftAppPassword is set.',
      fix: 'Set MicrosoftAppType=SingleTenant (or MultiTenant, for an older registration) to use the secret, or remove MicrosoftAppPassword.',
    });
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
  return {
    appId,
    appPassword,
    appType,
    tenantId,
    allowedTenantIds: allowedTenants(reader, tenantId, appType === 'MultiTenant'),
    openIdMetadataUrl: openIdMetadata(reader),
  };
}

/** Whether this process runs as production: on App Service, or under NODE_ENV=production. */
export function isProduction(reader: EnvReader): boolean {
  return reader.read('WEBSITE_SITE_NAME') !== undefined || reader.read('NODE_ENV')?.toLowerCase() === 'production';
}

/** ToBotFromChannelOpenIdMetadataUrl: another source of signing keys, for tests; never in production. */
function openIdMetadata(reader: EnvReader): string {
  const url = reader.read('ToBotFromChannelOpenIdMetadataUrl') ?? '';
  if (url !== '' && isProduction(reader)) {
    reader.problem(
      'ToBotFromChannelOpenIdMetadataUrl',
      'is set in production (App Service, or NODE_ENV=production): the bot would trust signing keys other than the Bot Framework’s.',
      'Remove it. It is for tests and local tools only.',
    );
  }
  return url;
}

export function describeAuth(bot: BotIdentity): string {
  return bot.appId === '' ? 'off (MicrosoftAppId is empty: local use only, never production)' : `on (${bot.appType} app ${bot.appId})`;
}
