// AHP Pulse on Azure: the bot's identity, App Service (Linux, Node 24), the Azure Bot with its
// Microsoft Teams channel, Cosmos DB, Key Vault and monitoring. The shape of the Microsoft 365
// Agents Toolkit's bot templates (infra/azure.bicep + infra/azure.parameters.json, deployed by
// m365agents.yml's arm/deploy). Compile and preview it where Azure is reachable:
//   az bicep build --file infra/azure.bicep
//   az deployment group what-if --resource-group <rg> --template-file infra/azure.bicep --parameters infra/azure.parameters.json
// Every app setting the code needs in production is set below (a test compares them with
// PRODUCTION_SETTINGS in src/config/production-settings.ts). No secret is a parameter: the two
// keys live in Key Vault (see docs/deploy.md) and reach the app as Key Vault references.

@maxLength(20)
@minLength(4)
@description('Used to name every resource (letters and digits; Cosmos DB and Key Vault names are made from it).')
param resourceBaseName string

@description('Azure region. UK South by default: NHS data stays in the UK.')
param location string = 'uksouth'

@description('Tags on every resource (cost centre, owner, data classification).')
param tags object = {}

@maxLength(42)
@description('The bot\'s name in the Azure Bot resource.')
param botDisplayName string = 'AHP Pulse'

@description('App Service plan SKU (Linux). Basic or above: "always on" needs it.')
param webAppSku string = 'B1'

@allowed([
  'serverless'
  'autoscale'
])
@description('Cosmos DB capacity: serverless (pay per request; the default) or provisioned autoscale.')
param cosmosCapacityMode string = 'serverless'

@description('Autoscale only: the database\'s maximum RU/s (shared by its containers; 1000 or more).')
param cosmosAutoscaleMaxThroughput int = 1000

@description('The Microsoft Entra tenants whose Teams may use the bot (comma-separated). Default: this tenant.')
param allowedTenantIds string = tenant().tenantId

@description('Entra object ids of professional leads, comma-separated.')
param leadIds string = ''

@description('Entra object ids of admins, comma-separated.')
param adminIds string = ''

@description('Who runs this AHP Pulse, shown on the help card (a team and how to reach it).')
param supportContact string = ''

@description('Team channel ids ("19:...@thread.tacv2") that get the weekly digest, comma-separated.')
param digestChannelIds string = ''

@description('Days until personal data is deleted (0 keeps it). See docs/privacy.md.')
param retentionDays string = '730'

@description('The bot\'s public https address, when it is not the web app\'s own (a custom domain bound to the app): export links and the manifest\'s pages use it. Empty: https://<web app>.azurewebsites.net.')
param publicUrl string = ''

// The web app's and the bot's names are global: a suffix made from the subscription and the
// resource group keeps two trusts (or two environments) with the same resourceBaseName apart.
var uniqueSuffix = take(uniqueString(subscription().subscriptionId, resourceGroup().id), 6)
var webAppName = toLower('${resourceBaseName}-${uniqueSuffix}')
// The site is created with the classic global name (no unique default hostname), so this is its
// defaultHostName; a custom domain comes through publicUrl.
var publicHost = '${webAppName}.azurewebsites.net'
var publicBase = empty(publicUrl) ? 'https://${publicHost}' : publicUrl
var keyVaultName = take('kv${toLower(resourceBaseName)}${uniqueString(resourceGroup().id)}', 24)

// The bot's identity: a user-assigned managed identity, so there is no client secret to rotate.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
  tags: tags
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: resourceBaseName
    location: location
    tags: tags
  }
}

module cosmos './modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: toLower('cosmos-${resourceBaseName}-${uniqueString(resourceGroup().id)}')
    location: location
    tags: tags
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataPrincipalId: identity.properties.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault './modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    readerPrincipalId: identity.properties.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      // As `npm start` (package.json): a young generation capped at 16 MB a semi-space. Node 24
      // grows it much further on a big machine, and the weekly digest's million parsed rows
      // then swell the process: 455 MB peak without the flag, 401 MB at 32, 373 MB at 16, in
      // the same time (docs/scale.md).
      appCommandLine: 'node --max-semi-space-size=16 dist/src/main.js'
      alwaysOn: true
      healthCheckPath: '/readyz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppTenantId', value: identity.properties.tenantId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        // DefaultAzureCredential (Cosmos DB) picks the user-assigned identity by its client id.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'RESPONDENT_KEY_SECRET', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=respondent-key-secret)' }
        { name: 'EXPORT_LINK_SECRET', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=export-link-secret)' }
        { name: 'STORE', value: 'cosmos' }
        { name: 'COSMOS_ENDPOINT', value: cosmos.outputs.endpoint }
        { name: 'COSMOS_DATABASE', value: cosmos.outputs.databaseName }
        { name: 'PUBLIC_URL', value: publicBase }
        { name: 'LEAD_IDS', value: leadIds }
        { name: 'ADMIN_IDS', value: adminIds }
        { name: 'SUPPORT_CONTACT', value: supportContact }
        { name: 'DIGEST_CHANNEL_IDS', value: digestChannelIds }
        { name: 'RETENTION_DAYS', value: retentionDays }
        { name: 'LOG_LEVEL', value: 'info' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.connectionString }
        // The package is built before it is deployed: App Service runs it as it is, from the zip
        // itself (read-only, so nothing on the instance can change the code it runs).
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
      ]
    }
  }
  dependsOn: [
    keyVault
  ]
}

// FTP with a publishing password: off (the code goes by zip deploy). SCM (Kudu) basic
// credentials stay on: the Agents Toolkit's zipDeploy, and az webapp deploy, upload with them.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The site's HTTP, console and platform logs to Log Analytics, beside the app's own telemetry.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: monitoring.outputs.workspaceId
    logs: [
      { categoryGroup: 'allLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

module bot './modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: webAppName
    displayName: botDisplayName
    tags: tags
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    workspaceId: monitoring.outputs.workspaceId
  }
}

// Persisted by the Agents Toolkit into env/.env.<environment> (and used by `npm run package`).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
// What the site answers on: its defaultHostName, or the custom domain (publicUrl).
var servedBase = empty(publicUrl) ? 'https://${webApp.properties.defaultHostName}' : publicUrl
output PUBLIC_URL string = servedBase
output WEB_APP_NAME string = webApp.name
// The manifest's developer pages, which the bot serves itself (GET /about, /privacy, /terms).
output DEVELOPER_WEBSITE_URL string = '${servedBase}/about'
output PRIVACY_URL string = '${servedBase}/privacy'
output TERMS_URL string = '${servedBase}/terms'
output KEY_VAULT_NAME string = keyVaultName
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
