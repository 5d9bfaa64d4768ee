// Cosmos DB for NoSQL: serverless by default, or provisioned autoscale; key auth off, so only
// Microsoft Entra identities with a data-plane role get in. The database's containers come from
// infra/cosmos-containers.json, the file the code reads too (src/adapters/store/cosmos).

param accountName string
param location string
param tags object
@allowed([
  'serverless'
  'autoscale'
])
param capacityMode string
param autoscaleMaxThroughput int
@description('The principal (the bot\'s managed identity) given the Cosmos DB Built-in Data Contributor role.')
param dataPrincipalId string
param databaseName string = 'ahp-pulse'

var containerDefinitions = loadJsonContent('../cosmos-containers.json').containers
// Cosmos DB Built-in Data Contributor: read and write items, no control plane.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

@description('Log Analytics workspace for the account\'s diagnostic logs (an audit asks for who read and wrote what).')
param workspaceId string = ''

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: capacityMode == 'serverless' ? [{ name: 'EnableServerless' }] : []
    // Point-in-time restore to any second of the last 7 days (docs/deploy.md, "Backup and restore").
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: capacityMode == 'autoscale' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for definition in containerDefinitions: {
    parent: database
    name: definition.name
    properties: {
      resource: union(
        {
          id: definition.name
          partitionKey: {
            paths: [definition.partitionKey]
            kind: 'Hash'
          }
        },
        contains(definition, 'defaultTtl') ? { defaultTtl: definition.defaultTtl } : {}
      )
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: account
  name: guid(account.id, dataPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: dataPrincipalId
    // The bot's database only, not every database the account may hold.
    scope: '${account.id}/dbs/${databaseName}'
  }
  dependsOn: [
    database
  ]
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(workspaceId)) {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'allLogs', enabled: true }
    ]
    metrics: [
      { category: 'Requests', enabled: true }
    ]
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = databaseName
