// Cosmos DB for NoSQL: keys off (Entra data-plane roles only), one database, every container the code declares.
import { cosmosContainer, resourceTags } from 'types.bicep'

@description('Required. Account name (lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Required. Azure region.')
param location string

@description('Required. Database name; the app receives it as Platform__Cosmos__DatabaseName.')
param databaseName string

@description('Required. Serverless (pay per request; dev, spiky load) or Autoscale (provisioned throughput shared by the database).')
@allowed(['Serverless', 'Autoscale'])
param capacityMode string

@description('Required. Highest RU/s the database scales to in Autoscale mode (ignored for Serverless).')
@minValue(1000)
param autoscaleMaxThroughput int

@description('Required. The containers, from Platform.Core.Storage.Collections.')
param containers cosmosContainer[]

@description('Optional. Enabled, or Disabled when the app reaches it through a private endpoint (main.bicep vnetEnabled).')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string = 'Enabled'

@description('Optional. Tags for the resources.')
param tags resourceTags = {}

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: capacityMode == 'Serverless' ? [{ name: 'EnableServerless' }] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: publicNetworkAccess
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
    // Autoscale throughput is shared by the containers; serverless accounts take no throughput at all.
    options: capacityMode == 'Autoscale' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        // The document store writes the partition key value into /pk on every document (DocumentEnvelope).
        partitionKey: {
          paths: ['/pk']
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: map(container.indexedPaths, path => { path: path })
          // Index only what is queried: writes cost fewer RUs and the index stays small.
          excludedPaths: [{ path: '/*' }, { path: '/"_etag"/?' }]
          compositeIndexes: container.?compositeIndexes ?? []
        }
        defaultTtl: container.?defaultTtl
      }
    }
  }
]

@description('Account endpoint, for Platform__Cosmos__AccountEndpoint.')
output endpoint string = account.properties.documentEndpoint
