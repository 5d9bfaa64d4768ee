// The Azure Bot: registers the App Service endpoint with the Bot Framework under the
// user-assigned managed identity (MicrosoftAppType=UserAssignedMSI), and turns on the Microsoft
// Teams channel.

param name string
@maxLength(42)
param displayName string
param tags object
param endpoint string
param identityClientId string
param identityResourceId string
param identityTenantId string
param sku string = 'F0'
@description('Log Analytics workspace for the diagnostic logs (empty: none).')
param workspaceId string = ''

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(workspaceId)) {
  name: 'to-log-analytics'
  scope: botService
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'allLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}
