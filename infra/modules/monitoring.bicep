// Application Insights on a Log Analytics workspace: the bot's logs, request traces and metrics
// (APPLICATIONINSIGHTS_CONNECTION_STRING). People appear in them by keyed pseudonym only.

param name string
param location string
param tags object
param retentionInDays int = 90

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: false
  }
}

output connectionString string = appInsights.properties.ConnectionString
output workspaceId string = workspace.id
