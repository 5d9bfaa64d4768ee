/**
 * What a production deployment sets, and why: infra/azure.bicep wires each of these as an app
 * setting (a test compares the two lists, so neither can drift), and docs/deploy.md explains
 * them. Everything else keeps its default.
 */
export const PRODUCTION_SETTINGS: Readonly<Record<string, string>> = {
  NODE_ENV: 'production: no unauthenticated mode, no test key source, https links only',
  MicrosoftAppId: "the bot's identity: the user-assigned managed identity's client id",
  MicrosoftAppType: 'UserAssignedMSI: no client secret to rotate',
  MicrosoftAppTenantId: "the managed identity's tenant",
  ALLOWED_TENANT_IDS: 'the tenants whose Teams may use the bot (empty: MicrosoftAppTenantId)',
  AZURE_CLIENT_ID: 'which managed identity DefaultAzureCredential uses for Cosmos DB',
  RESPONDENT_KEY_SECRET: 'keys anonymous answers and pseudonyms (a Key Vault reference)',
  EXPORT_LINK_SECRET: 'signs export links (a Key Vault reference)',
  STORE: 'cosmos',
  COSMOS_ENDPOINT: 'the Cosmos DB account (Microsoft Entra ID auth; keys are off)',
  COSMOS_DATABASE: 'the database holding the containers of infra/cosmos-containers.json',
  PUBLIC_URL: "the bot's https address, for export links and the manifest's pages",
  LEAD_IDS: 'professional leads (Entra object ids)',
  ADMIN_IDS: 'admins (Entra object ids)',
  SUPPORT_CONTACT: 'who runs this AHP Pulse, on the help card',
  DIGEST_CHANNEL_IDS: 'channels that get the weekly digest',
  RETENTION_DAYS: 'how long personal data is kept',
  LOG_LEVEL: 'info',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'logs, request traces and metrics to Application Insights',
};

/** App Service's own settings the Bicep sets too: not read by the code. */
export const PLATFORM_SETTINGS: readonly string[] = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_RUN_FROM_PACKAGE'];
