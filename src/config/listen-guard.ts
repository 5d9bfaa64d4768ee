import type { EnvReader } from './env-reader';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Where the bot listens, and whether it may: with channel authentication off (no
 * MicrosoftAppId), anyone who reaches /api/messages could pose as Teams, so the bot listens on
 * loopback only, and never on App Service (WEBSITE_SITE_NAME is set there) or under
 * NODE_ENV=production, whatever HOST says. With authentication on it listens on every
 * interface unless HOST says otherwise.
 */
export function listenHost(reader: EnvReader, authenticationOn: boolean): string {
  const host = reader.read('HOST') ?? (authenticationOn ? '0.0.0.0' : '127.0.0.1');
  if (authenticationOn) return host;
  const turnOn =
    'Set MicrosoftAppId (with MicrosoftAppPassword, or MicrosoftAppType=UserAssignedMSI and MicrosoftAppTenantId) to turn channel authentication on.';
  if (reader.read('WEBSITE_SITE_NAME') !== undefined) {
    reader.problem(
      'MicrosoftAppId',
      'is empty on Azure App Service (WEBSITE_SITE_NAME is set): the bot would take unauthenticated requests from the internet.',
      turnOn,
    );
  } else if (reader.read('NODE_ENV')?.toLowerCase() === 'production') {
    reader.problem('MicrosoftAppId', 'is empty under NODE_ENV=production: channel authentication is off, which is for a laptop only.', turnOn);
  } else if (!LOOPBACK.has(host)) {
    reader.problem(
      'HOST',
      `is "${host}" while channel authentication is off (MicrosoftAppId is empty): anyone who can reach it could pose as Teams.`,
      `Remove HOST (or set it to 127.0.0.1) to listen on this machine only, or ${turnOn.charAt(0).toLowerCase()}${turnOn.slice(1)}`,
    );
  }
  return host;
}
