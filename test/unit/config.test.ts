import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, parseConfig } from '../../src/config/config';
import { PRODUCTION_SETTINGS } from '../../src/config/production-settings';

const SECRET = 'x'.repeat(32);
const LINK_SECRET = 'l'.repeat(32);

/** What a deployment sets (every production setting, as infra/azure.bicep does), with a secret-based identity for brevity. */
function deployed(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...Object.fromEntries(Object.keys(PRODUCTION_SETTINGS).map((name) => [name, ''])),
    NODE_ENV: 'production',
    STORE: 'cosmos',
    COSMOS_ENDPOINT: 'https://ahp-pulse.documents.azure.com:443/',
    COSMOS_DATABASE: 'ahp-pulse',
    MicrosoftAppId: 'a',
    MicrosoftAppPassword: 'p',
    MicrosoftAppType: 'MultiTenant',
    ALLOWED_TENANT_IDS: OUR_TENANT,
    RESPONDENT_KEY_SECRET: SECRET,
    EXPORT_LINK_SECRET: LINK_SECRET,
    ...extra,
  };
}
const OUR_TENANT = '72f988bf-0000-4000-8000-00000000a11e';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, '/srv/pulse');
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems.map((p) => p.variable);
  }
  assert.fail('expected the configuration to be refused');
}

describe('Configuration', () => {
  it('starts on the embedded store on port 3978 with authentication off when nothing is set', () => {
    const config = parseConfig({}, '/srv/pulse');
    assert.equal(config.port, 3978);
    assert.equal(config.store, 'embedded');
    assert.equal(config.dataDir, path.resolve('/srv/pulse', 'data'));
    assert.equal(config.bot.appId, '');
    assert.equal(config.logLevel, 'info');
  });

  it('listens on this machine only while authentication is off, and on every interface once it is on', () => {
    assert.equal(parseConfig({}, '/srv/pulse').host, '127.0.0.1');
    assert.equal(parseConfig({ HOST: '::1' }, '/srv/pulse').host, '::1');
    const on = {
      MicrosoftAppId: 'a',
      MicrosoftAppPassword: 'p',
      MicrosoftAppType: 'MultiTenant',
      RESPONDENT_KEY_SECRET: SECRET,
      EXPORT_LINK_SECRET: LINK_SECRET,
      ALLOWED_TENANT_IDS: OUR_TENANT,
    };
    assert.equal(parseConfig(on, '/srv/pulse').host, '0.0.0.0');
    assert.equal(parseConfig({ ...on, HOST: '10.0.0.4' }, '/srv/pulse').host, '10.0.0.4');
  });

  it('refuses to listen beyond loopback with authentication off, saying how to fix it', () => {
    assert.deepEqual(problemsOf({ HOST: '0.0.0.0' }), ['HOST']);
    assert.throws(
      () => parseConfig({ HOST: '0.0.0.0' }, '/srv/pulse'),
      /HOST: is "0\.0\.0\.0" while channel authentication is off .* Remove HOST \(or set it to 127\.0\.0\.1\)/,
    );
  });

  it('refuses an unresolved Key Vault reference as a key, naming the setting and the fix', () => {
    const reference = (secret: string) => `@Microsoft.KeyVault(VaultName=ahppulsedevkv;SecretName=${secret})`;
    assert.deepEqual(problemsOf(deployed({ RESPONDENT_KEY_SECRET: reference('respondent-key-secret') })), ['RESPONDENT_KEY_SECRET']);
    assert.deepEqual(problemsOf(deployed({ EXPORT_LINK_SECRET: reference('export-link-secret') })), ['EXPORT_LINK_SECRET']);
    assert.throws(
      () => parseConfig(deployed({ RESPONDENT_KEY_SECRET: reference('respondent-key-secret') })),
      /RESPONDENT_KEY_SECRET: is an unresolved Key Vault reference.*configreferences\/appsettings\/refresh.*Resolved/s,
    );
    // Long enough to pass as a key, which is why it is refused by its shape, not its length.
    assert.ok(reference('respondent-key-secret').length >= 32);
  });

  it('refuses the embedded store in production, naming the fix', () => {
    assert.deepEqual(problemsOf({ ...deployed(), STORE: 'embedded' }), ['STORE']);
    assert.throws(() => parseConfig({ ...deployed(), STORE: 'embedded' }), /STORE: is embedded \(the default\) in production.*Set STORE=cosmos/s);
    assert.equal(parseConfig({ STORE: 'embedded' }).store, 'embedded', 'on a laptop it is the default');
  });

  it('refuses to start with authentication off on App Service or under NODE_ENV=production, even on loopback', () => {
    // The embedded store is refused there too: one process's file, with no replication or restore.
    assert.deepEqual(problemsOf({ WEBSITE_SITE_NAME: 'ahp-pulse-prod' }), ['MicrosoftAppId', 'STORE']);
    assert.deepEqual(problemsOf({ NODE_ENV: 'production', HOST: '127.0.0.1' }), ['MicrosoftAppId', 'STORE']);
    const on = {
      MicrosoftAppId: 'a',
      MicrosoftAppPassword: 'p',
      MicrosoftAppType: 'MultiTenant',
      RESPONDENT_KEY_SECRET: SECRET,
      EXPORT_LINK_SECRET: LINK_SECRET,
      ALLOWED_TENANT_IDS: OUR_TENANT,
    };
    assert.equal(parseConfig(deployed({ ...on, WEBSITE_SITE_NAME: 'ahp-pulse-prod' }), '/srv/pulse').host, '0.0.0.0');
  });

  it("lets in only the allowed tenants: ALLOWED_TENANT_IDS, or the app's own tenant, and requires one for a multi-tenant app", () => {
    assert.deepEqual(parseConfig({}, '/srv/pulse').bot.allowedTenantIds, [], 'authentication off: no fence (local use)');
    const msi = {
      MicrosoftAppId: 'a',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: OUR_TENANT,
      RESPONDENT_KEY_SECRET: SECRET,
      EXPORT_LINK_SECRET: LINK_SECRET,
    };
    assert.deepEqual(parseConfig(msi, '/srv/pulse').bot.allowedTenantIds, [OUR_TENANT]);
    const other = '11111111-2222-4333-8444-555555555555';
    assert.deepEqual(parseConfig({ ...msi, ALLOWED_TENANT_IDS: `${OUR_TENANT}, ${other.toUpperCase()}` }, '/srv/pulse').bot.allowedTenantIds, [
      OUR_TENANT,
      other,
    ]);
    assert.deepEqual(
      problemsOf({
        MicrosoftAppId: 'a',
        MicrosoftAppPassword: 'p',
        MicrosoftAppType: 'MultiTenant',
        RESPONDENT_KEY_SECRET: SECRET,
        EXPORT_LINK_SECRET: LINK_SECRET,
      }),
      ['ALLOWED_TENANT_IDS'],
    );
    assert.deepEqual(problemsOf({ ...msi, ALLOWED_TENANT_IDS: 'contoso.com' }), ['ALLOWED_TENANT_IDS']);
  });

  it('is frozen, so nothing can change it after start-up', () => {
    const config = parseConfig({}, '/srv/pulse');
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.bot));
  });

  it('reads PORT, DATA_DIR and STORE from the environment it is given', () => {
    const config = parseConfig({ PORT: '8080', DATA_DIR: 'var/pulse', STORE: 'Embedded' }, '/srv/pulse');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/srv/pulse/var/pulse');
    assert.equal(config.store, 'embedded');
  });

  it('lists every problem at once: an unknown STORE, a malformed number and a missing secret', () => {
    const problems = problemsOf({
      STORE: 'mongo',
      PORT: '80a',
      SHUTDOWN_GRACE_MS: '-1',
      MicrosoftAppId: 'app-id',
      MicrosoftAppType: 'MultiTenant',
      RESPONDENT_KEY_SECRET: SECRET,
      EXPORT_LINK_SECRET: LINK_SECRET,
      ALLOWED_TENANT_IDS: OUR_TENANT,
    });
    assert.deepEqual(problems.sort(), ['MicrosoftAppPassword', 'PORT', 'SHUTDOWN_GRACE_MS', 'STORE']);
  });

  it('says what each problem is and how to fix it, naming the bad value', () => {
    try {
      parseConfig({ STORE: 'mongo' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /STORE: "mongo" is not one of embedded, cosmos\. Set it to one of those/);
      assert.match(error.message, /\.env\.example/);
    }
  });

  it('needs a tenant for a SingleTenant app and for a managed identity', () => {
    const secret = { RESPONDENT_KEY_SECRET: SECRET, EXPORT_LINK_SECRET: LINK_SECRET };
    assert.deepEqual(problemsOf({ ...secret, MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }), ['MicrosoftAppTenantId']);
    assert.deepEqual(problemsOf({ ...secret, MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI' }), ['MicrosoftAppTenantId']);
  });

  it('accepts a managed identity without a password', () => {
    const config = parseConfig({
      MicrosoftAppId: 'a',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 't',
      RESPONDENT_KEY_SECRET: SECRET,
      EXPORT_LINK_SECRET: LINK_SECRET,
    });
    assert.equal(config.bot.appType, 'UserAssignedMSI');
  });

  it('refuses a password without an app id', () => {
    assert.deepEqual(problemsOf({ MicrosoftAppPassword: 'secret' }), ['MicrosoftAppId']);
  });

  it('refuses an unknown app type and log level', () => {
    assert.deepEqual(problemsOf({ MicrosoftAppType: 'Personal', LOG_LEVEL: 'loud' }).sort(), ['LOG_LEVEL', 'MicrosoftAppType']);
  });

  it('reads leads and admins as Entra object ids, and names any that are not', () => {
    const config = parseConfig({ LEAD_IDS: ' 11111111-1111-4111-8111-111111111111 ,22222222-2222-4222-8222-22222222222A', ADMIN_IDS: '' });
    assert.deepEqual(config.polls.leadIds, ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-22222222222a']);
    assert.deepEqual(problemsOf({ LEAD_IDS: 'priya@nhs.net' }), ['LEAD_IDS']);
  });

  it('needs a respondent key secret of 32 characters or more, and insists on one once the bot is deployed', () => {
    assert.deepEqual(problemsOf({ RESPONDENT_KEY_SECRET: 'short' }), ['RESPONDENT_KEY_SECRET']);
    assert.deepEqual(problemsOf({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppType: 'MultiTenant', ALLOWED_TENANT_IDS: OUR_TENANT }), [
      'RESPONDENT_KEY_SECRET',
      'EXPORT_LINK_SECRET',
    ]);
    assert.equal(parseConfig({}).polls.respondentKeySecret, '');
  });

  it('signs export links with a key of their own: 32 characters or more, not the respondent key, required once deployed', () => {
    const deployed = {
      MicrosoftAppId: 'a',
      MicrosoftAppPassword: 'p',
      MicrosoftAppType: 'MultiTenant',
      ALLOWED_TENANT_IDS: OUR_TENANT,
      RESPONDENT_KEY_SECRET: SECRET,
    };
    assert.deepEqual(problemsOf({ ...deployed }), ['EXPORT_LINK_SECRET']);
    assert.deepEqual(problemsOf({ ...deployed, EXPORT_LINK_SECRET: 'short' }), ['EXPORT_LINK_SECRET']);
    assert.deepEqual(problemsOf({ ...deployed, EXPORT_LINK_SECRET: SECRET }), ['EXPORT_LINK_SECRET'], 'the same key as the respondent key');
    assert.equal(parseConfig({ ...deployed, EXPORT_LINK_SECRET: LINK_SECRET }).digest.exportLinkSecret, LINK_SECRET);
    assert.equal(parseConfig({}).digest.exportLinkSecret, '', 'on a laptop: a local secret of its own in DATA_DIR');
  });

  it('takes a user-assigned managed identity by default (new multi-tenant registrations are no longer offered), and says when a secret is set for one', () => {
    const msi = parseConfig({ MicrosoftAppId: 'a', MicrosoftAppTenantId: OUR_TENANT, RESPONDENT_KEY_SECRET: SECRET, EXPORT_LINK_SECRET: LINK_SECRET });
    assert.equal(msi.bot.appType, 'UserAssignedMSI');
    assert.deepEqual(msi.bot.allowedTenantIds, [OUR_TENANT]);
    assert.deepEqual(
      problemsOf({
        MicrosoftAppId: 'a',
        MicrosoftAppTenantId: OUR_TENANT,
        MicrosoftAppPassword: 'p',
        RESPONDENT_KEY_SECRET: SECRET,
        EXPORT_LINK_SECRET: LINK_SECRET,
      }),
      ['MicrosoftAppType'],
    );
  });

  it('wants PUBLIC_URL https in production, where export links carry their token', () => {
    const production = deployed();
    assert.deepEqual(problemsOf({ ...production, PUBLIC_URL: 'http://ahp-pulse.example.nhs.uk' }), ['PUBLIC_URL']);
    assert.equal(parseConfig({ ...production, PUBLIC_URL: 'https://ahp-pulse.example.nhs.uk' }).digest.publicUrl, 'https://ahp-pulse.example.nhs.uk');
    assert.equal(parseConfig({ PUBLIC_URL: 'http://localhost:3978' }).digest.publicUrl, 'http://localhost:3978', 'http is fine on a laptop');
  });

  it('never lets the small-number threshold go below 3', () => {
    assert.deepEqual(problemsOf({ MIN_RESPONDENTS: '2' }), ['MIN_RESPONDENTS']);
    assert.equal(parseConfig({}).polls.minRespondents, 5);
  });

  it('publishes the digest on Mondays at 09:00 by default, and reads a cron schedule, digest channels and the public URL', () => {
    const defaults = parseConfig({}).digest;
    assert.deepEqual({ ...defaults }, { schedule: '0 9 * * 1', channelIds: [], publicUrl: '', exportLinkMinutes: 15, exportLinkSecret: '' });
    const set = parseConfig({
      DIGEST_SCHEDULE: '30 16 * * 5',
      DIGEST_CHANNEL_IDS: '19:a@thread.tacv2, 19:b@thread.tacv2',
      PUBLIC_URL: 'https://ahp-pulse.example.nhs.uk/',
      EXPORT_LINK_MINUTES: '5',
    }).digest;
    assert.deepEqual(
      { ...set, channelIds: [...set.channelIds] },
      {
        schedule: '30 16 * * 5',
        channelIds: ['19:a@thread.tacv2', '19:b@thread.tacv2'],
        publicUrl: 'https://ahp-pulse.example.nhs.uk',
        exportLinkMinutes: 5,
        exportLinkSecret: '',
      },
    );
  });

  it('refuses a schedule that is not a five-field cron, a channel id that is not one, and a public URL that is not http(s)', () => {
    assert.deepEqual(problemsOf({ DIGEST_SCHEDULE: '0 25 * * 1' }), ['DIGEST_SCHEDULE']);
    assert.deepEqual(problemsOf({ DIGEST_SCHEDULE: '0 0 9 * * 1' }), ['DIGEST_SCHEDULE']);
    assert.deepEqual(problemsOf({ DIGEST_SCHEDULE: 'every monday' }), ['DIGEST_SCHEDULE']);
    assert.deepEqual(problemsOf({ DIGEST_CHANNEL_IDS: '19:ok@thread.tacv2,General' }), ['DIGEST_CHANNEL_IDS']);
    assert.deepEqual(problemsOf({ PUBLIC_URL: 'ftp://files' }), ['PUBLIC_URL']);
    assert.deepEqual(problemsOf({ EXPORT_LINK_MINUTES: '0' }), ['EXPORT_LINK_MINUTES']);
    assert.throws(() => parseConfig({ DIGEST_SCHEDULE: '0 25 * * 1' }), /DIGEST_SCHEDULE: "0 25 \* \* 1" is not a cron expression .* Write five fields/);
  });

  it('needs an https COSMOS_ENDPOINT for STORE=cosmos, and accepts a self-signed certificate only on loopback', () => {
    assert.deepEqual(problemsOf({ STORE: 'cosmos' }), ['COSMOS_ENDPOINT']);
    assert.deepEqual(problemsOf({ STORE: 'cosmos', COSMOS_ENDPOINT: 'http://x.documents.azure.com' }), ['COSMOS_ENDPOINT']);
    assert.deepEqual(problemsOf({ STORE: 'cosmos', COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', COSMOS_ALLOW_INSECURE_TLS: 'true' }), [
      'COSMOS_ALLOW_INSECURE_TLS',
    ]);
    const config = parseConfig({ STORE: 'cosmos', COSMOS_ENDPOINT: 'https://127.0.0.1:8081/', COSMOS_ALLOW_INSECURE_TLS: 'true', RETENTION_DAYS: '90' });
    assert.deepEqual(config.cosmos, {
      endpoint: 'https://127.0.0.1:8081/',
      key: '',
      database: 'ahp-pulse',
      createIfMissing: false,
      allowInsecureTls: true,
    });
    assert.equal(config.retentionDays, 90);
  });
});
