import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { CONTAINERS_FILE, loadContainerDefinitions } from '../../src/adapters/store/cosmos/internal/containers';
import { deployFiles, ignoredBy, readIgnoreFile } from '../../src/app-package/deploy-zip';
import { parseConfig } from '../../src/config/config';
import { PLATFORM_SETTINGS, PRODUCTION_SETTINGS } from '../../src/config/production-settings';
import { START_FLAGS } from '../support/bot-process';

const ROOT = path.resolve(__dirname, '../../..');
const INFRA = path.join(ROOT, 'infra');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The app settings the Bicep gives the web app: `{ name: 'X', value: ... }` lines inside appSettings. */
function bicepAppSettings(): Map<string, string> {
  const bicep = read('infra/azure.bicep');
  const block = /appSettings: \[([\s\S]*?)\n {6}\]/.exec(bicep)?.[1] ?? '';
  return new Map([...block.matchAll(/\{ name: '([^']+)', value: (.+?) \}/g)].map((m) => [m[1]!, m[2]!]));
}

/** `param <name> <type>` declarations, and whether each has a default. */
function bicepParams(file: string): Map<string, { type: string; hasDefault: boolean }> {
  return new Map([...read(file).matchAll(/^param (\w+) (\w+)( =)?/gm)].map((m) => [m[1]!, { type: m[2]!, hasDefault: m[3] !== undefined }]));
}

/**
 * No Bicep compiler installs here (it is on neither npm nor Debian), so the Bicep is checked for
 * what can be checked offline; `az bicep build` and `az deployment group what-if` (infra/README.md)
 * check the rest where Azure is reachable.
 */
describe('Azure infrastructure (Bicep, checked offline)', () => {
  it('sets exactly the app settings the code needs in production, and nothing it would not read', () => {
    const settings = bicepAppSettings();
    assert.ok(settings.size > 10, 'the app settings block was found');
    assert.deepEqual([...settings.keys()].sort(), [...Object.keys(PRODUCTION_SETTINGS), ...PLATFORM_SETTINGS].sort());
  });

  /** The environment App Service gives the bot: the Bicep's settings, Key Vault references resolved. */
  const productionEnv = (): Record<string, string> => {
    const settings = bicepAppSettings();
    const env: Record<string, string> = { WEBSITE_SITE_NAME: 'ahppulse', PORT: '8080' };
    for (const name of settings.keys()) env[name] = '';
    Object.assign(env, {
      NODE_ENV: 'production',
      MicrosoftAppId: '6f1b2c3d-0000-4000-8000-00000000b07a',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: '72f988bf-0000-4000-8000-00000000a11e',
      AZURE_CLIENT_ID: '6f1b2c3d-0000-4000-8000-00000000b07a',
      RESPONDENT_KEY_SECRET: 'r'.repeat(44),
      EXPORT_LINK_SECRET: 'e'.repeat(44),
      STORE: 'cosmos',
      COSMOS_ENDPOINT: 'https://cosmos-ahppulse.documents.azure.com:443/',
      COSMOS_DATABASE: 'ahp-pulse',
      PUBLIC_URL: 'https://ahppulse.azurewebsites.net',
      RETENTION_DAYS: '730',
      LOG_LEVEL: 'info',
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
    });
    return env;
  };

  it('starts the bot under NODE_ENV=production on App Service with exactly those settings (no Cosmos DB key, UserAssignedMSI)', () => {
    const env = productionEnv();
    assert.equal(env.COSMOS_KEY, undefined);
    const config = parseConfig(env);
    assert.equal(config.bot.appType, 'UserAssignedMSI');
    assert.deepEqual(config.bot.allowedTenantIds, ['72f988bf-0000-4000-8000-00000000a11e'], 'empty ALLOWED_TENANT_IDS: the app’s own tenant');
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.store, 'cosmos');
  });

  it('names the setting when any one of them is missing', () => {
    for (const name of Object.keys(PRODUCTION_SETTINGS)) {
      const env = productionEnv();
      delete env[name];
      assert.throws(
        () => parseConfig(env),
        (error: Error) => new RegExp(`\\b${name}\\b`).test(error.message),
        `without ${name}`,
      );
    }
  });

  it('wires the secrets as Key Vault references, and sends the right identity everywhere', () => {
    const settings = bicepAppSettings();
    assert.match(settings.get('RESPONDENT_KEY_SECRET')!, /@Microsoft\.KeyVault\(VaultName=\$\{keyVaultName\};SecretName=respondent-key-secret\)/);
    assert.match(settings.get('EXPORT_LINK_SECRET')!, /SecretName=export-link-secret/);
    for (const name of ['MicrosoftAppId', 'AZURE_CLIENT_ID']) assert.equal(settings.get(name), 'identity.properties.clientId', name);
    assert.equal(settings.get('MicrosoftAppType'), "'UserAssignedMSI'");
    assert.equal(settings.get('NODE_ENV'), "'production'");
  });

  it('loads the container list the code loads, and creates them all', () => {
    const cosmos = read('infra/modules/cosmos.bicep');
    const loaded = /loadJsonContent\('([^']+)'\)/.exec(cosmos)![1]!;
    assert.equal(path.resolve(INFRA, 'modules', loaded), CONTAINERS_FILE, 'the same file, resolved from the module');
    assert.match(cosmos, /for definition in containerDefinitions/);
    assert.equal(loadContainerDefinitions().size, JSON.parse(fs.readFileSync(CONTAINERS_FILE, 'utf8')).containers.length);
  });

  it('has the properties the issue asks for: serverless by default, key auth off, HTTPS and TLS 1.2, Node 24, health check, UK South', () => {
    const main = read('infra/azure.bicep');
    const cosmos = read('infra/modules/cosmos.bicep');
    const bot = read('infra/modules/bot.bicep');
    const vault = read('infra/modules/keyvault.bicep');
    for (const [text, pattern] of [
      [main, /param location string = 'uksouth'/],
      [main, /param cosmosCapacityMode string = 'serverless'/],
      [main, /linuxFxVersion: 'NODE\|24-lts'/],
      [main, /healthCheckPath: '\/readyz'/],
      [main, /alwaysOn: true/],
      [main, /httpsOnly: true/],
      [main, /minTlsVersion: '1\.2'/],
      [main, /reserved: true/],
      [main, /type: 'UserAssigned'/],
      [main, /keyVaultReferenceIdentity: identity\.id/],
      [cosmos, /disableLocalAuth: true/],
      [cosmos, /EnableServerless/],
      [cosmos, /autoscaleSettings: \{ maxThroughput: autoscaleMaxThroughput \}/],
      [cosmos, /00000000-0000-0000-0000-000000000002/],
      [cosmos, /type: 'Continuous'/],
      [bot, /msaAppType: 'UserAssignedMSI'/],
      [bot, /channelName: 'MsTeamsChannel'/],
      [vault, /enableRbacAuthorization: true/],
      [vault, /4633458b-17de-408a-b874-0445c86b69e6/],
    ] as const) {
      assert.match(text, pattern);
    }
    for (const file of ['infra/azure.bicep', ...fs.readdirSync(path.join(INFRA, 'modules')).map((f) => `infra/modules/${f}`)]) {
      const text = read(file);
      assert.equal((text.match(/\{/g) ?? []).length, (text.match(/\}/g) ?? []).length, `${file}: braces balance`);
      assert.equal((text.match(/\[/g) ?? []).length, (text.match(/\]/g) ?? []).length, `${file}: brackets balance`);
      for (const m of text.matchAll(/module \w+ '([^']+)'/g))
        assert.ok(fs.existsSync(path.resolve(path.dirname(path.join(ROOT, file)), m[1]!)), `${file}: ${m[1]} exists`);
    }
  });

  it('gives every required parameter a value in azure.parameters.json, names no parameter the Bicep lacks, and holds no secret', () => {
    const params = bicepParams('infra/azure.bicep');
    const file = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> };
    for (const name of Object.keys(file.parameters)) assert.ok(params.has(name), `${name} is a parameter of azure.bicep`);
    for (const [name, p] of params) if (!p.hasDefault) assert.ok(name in file.parameters, `${name} is required`);
    const text = JSON.stringify(file);
    assert.doesNotMatch(text, /secret|password|key"\s*:/i, 'no secret-like parameter');
    assert.doesNotMatch(read('infra/azure.bicep'), /@secure\(\)/, 'no secret goes through a parameter at all');
  });

  it('keeps env/.env.dev a template with no secrets, naming what the Bicep and the package need', () => {
    const env = parse(read('env/.env.dev'));
    for (const [name, value] of Object.entries(env)) {
      if (/SECRET|PASSWORD|KEY$/i.test(name)) assert.equal(value, '', `${name} is empty in the template`);
    }
    for (const name of ['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'AZURE_LOCATION', 'RESOURCE_SUFFIX', 'BOT_ID', 'PUBLIC_URL']) {
      assert.ok(name in env, name);
    }
    assert.equal(env.AZURE_LOCATION, 'uksouth');
    const placeholders = new Set([...read('infra/azure.parameters.json').matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]!));
    for (const name of placeholders) assert.ok(name in env, `${name} (used by azure.parameters.json) is in env/.env.dev`);
  });

  it('gives every ${{…}} of the manifest a source on the toolkit path: env/.env.dev, a Bicep output, or a step that writes it', () => {
    const env = parse(read('env/.env.dev'));
    const outputs = new Set([...read('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]!));
    // What a provision step writes to the environment file (m365agents.yml's writeToEnvironmentFile).
    const written = new Set([...read('m365agents.yml').matchAll(/^\s+\w+: ([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1]!));
    const placeholders = new Set([...read('manifest/manifest.json').matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]!));
    assert.ok(placeholders.size >= 7, [...placeholders].join(', '));
    for (const name of placeholders) {
      const filled = (name in env && env[name] !== '') || outputs.has(name) || written.has(name);
      assert.ok(filled, `${name}: nothing on the toolkit path gives it a value (env/.env.dev, azure.bicep's outputs, m365agents.yml)`);
      assert.ok(name in env, `${name} is listed in env/.env.dev, so a reader sees where it comes from`);
    }
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    assert.equal(env.APP_VERSION, version, "env/.env.dev's APP_VERSION is package.json's version");
  });

  it('hardens what costs little: diagnostic logs to Log Analytics, FTP basic auth off, the code run from its package, the data role on the database alone', () => {
    const main = read('infra/azure.bicep');
    for (const module of ['cosmos', 'keyvault', 'bot']) {
      const text = read(`infra/modules/${module}.bicep`);
      assert.match(
        text,
        /resource diagnostics 'Microsoft\.Insights\/diagnosticSettings@[^']+' = if \(!empty\(workspaceId\)\)/,
        `${module}: diagnostic settings`,
      );
      assert.match(text, /categoryGroup: 'allLogs', enabled: true/, `${module}: every log category`);
      assert.match(text, /^param workspaceId string/m, `${module}: takes the workspace`);
    }
    assert.equal((main.match(/workspaceId: monitoring\.outputs\.workspaceId/g) ?? []).length, 4, 'each module and the site are given the workspace');
    assert.match(read('infra/modules/monitoring.bicep'), /^output workspaceId string = workspace\.id$/m);
    assert.match(main, /basicPublishingCredentialsPolicies@[^']+' = \{\s+parent: webApp\s+name: 'ftp'\s+properties: \{\s+allow: false/);
    assert.doesNotMatch(main, /name: 'scm'[\s\S]{0,80}allow: false/, 'SCM basic credentials stay on: the toolkit deploys with them');
    assert.equal(bicepAppSettings().get('WEBSITE_RUN_FROM_PACKAGE'), "'1'");
    assert.match(read('infra/modules/cosmos.bicep'), /scope: '\$\{account\.id\}\/dbs\/\$\{databaseName\}'/, 'the data role on the database, not the account');
  });

  it('names the global resources (the web app, the bot) uniquely per subscription and resource group, and takes a custom domain for the links', () => {
    const main = read('infra/azure.bicep');
    assert.match(main, /var uniqueSuffix = take\(uniqueString\(subscription\(\)\.subscriptionId, resourceGroup\(\)\.id\), 6\)/);
    assert.match(main, /var webAppName = toLower\('\$\{resourceBaseName\}-\$\{uniqueSuffix\}'\)/);
    assert.match(main, /resource webApp 'Microsoft\.Web\/sites@[^']+' = \{\s+name: webAppName/);
    assert.match(main, /module bot '\.\/modules\/bot\.bicep' = \{\s+name: 'bot'\s+params: \{\s+name: webAppName/);
    assert.equal(bicepAppSettings().get('PUBLIC_URL'), 'publicBase');
    assert.match(main, /var publicBase = empty\(publicUrl\) \? 'https:\/\/\$\{publicHost\}' : publicUrl/);
    // The outputs, from what the site answers on: its defaultHostName, or the custom domain.
    assert.match(main, /var servedBase = empty\(publicUrl\) \? 'https:\/\/\$\{webApp\.properties\.defaultHostName\}' : publicUrl/);
    for (const name of ['PUBLIC_URL', 'DEVELOPER_WEBSITE_URL', 'PRIVACY_URL', 'TERMS_URL'])
      assert.match(main, new RegExp(`^output ${name} string = .*servedBase`, 'm'), name);
  });

  it('starts the bot on App Service with the command npm start runs, flags and all', () => {
    const bicep = read('infra/azure.bicep');
    const command = /appCommandLine: '([^']+)'/.exec(bicep)?.[1];
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    assert.equal(command, pkg.scripts.start);
    assert.equal(pkg.scripts.start, `node ${START_FLAGS.join(' ')} dist/src/main.js`, 'and the tests start it so too');
  });

  it('deploys every file the bot reads at run time (.webappignore leaves none out)', () => {
    const files = deployFiles(ROOT);
    for (const file of [
      'dist/src/main.js',
      'content/priorities.json',
      'content/workforce.json',
      'cards/trend.json',
      'cards/help.json',
      'infra/cosmos-containers.json',
      'README.md',
      'docs/privacy.md',
      'docs/terms.md',
      'package.json',
    ]) {
      assert.ok(files.includes(file), `${file} is deployed`);
    }
    assert.ok(
      files.some((f) => f.startsWith('node_modules/botbuilder/')),
      'with the dependencies',
    );
    for (const file of ['test/unit/infra.test.ts', 'src/main.ts', '.env', 'docs/deploy.md', 'infra/azure.bicep', 'data/ahp-pulse.sqlite']) {
      assert.ok(!files.includes(file), `${file} is not`);
    }
    assert.equal(ignoredBy(readIgnoreFile(ROOT))('docs/screenshot.png'), true, 'a * pattern');
  });
});
