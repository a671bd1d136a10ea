// One storage account for the Functions host (AzureWebJobsStorage), the Flex deployment package and the media pipeline,
// with shared-key access off; plus the Event Grid system topic that feeds the Event Grid-source blob trigger.
import { resourceTags } from 'types.bicep'

@description('Required. Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Name of the Event Grid system topic on this account.')
param systemTopicName string

@description('Required. Azure region.')
param location string

@description('Required. Replication, e.g. Standard_LRS (dev) or Standard_ZRS (prod).')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param skuName string

@description('Required. Container the Flex Consumption plan deploys the app package from.')
param deploymentContainerName string

@description('Required. Containers the application uses (uploads, media).')
param appContainerNames string[]

@description('Required. Container that receives direct uploads; anything left there is deleted after uploadsRetentionDays.')
param uploadsContainerName string

@description('Required. Days an upload may stay unprocessed before the lifecycle policy deletes it (processing deletes it sooner).')
@minValue(1)
param uploadsRetentionDays int

@description('Required. Container where Event Grid puts the blob events it could not deliver after its retries.')
param deadLetterContainerName string

@description('Optional. Browser origins allowed to PUT uploads straight to blob storage with a SAS.')
param corsAllowedOrigins string[] = []

@description('Optional. Enabled, or Disabled when the app reaches it through a private endpoint (main.bicep vnetEnabled).')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string = 'Enabled'

@description('Optional. Tags for the resources.')
param tags resourceTags = {}

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
    cors: {
      corsRules: empty(corsAllowedOrigins) ? [] : [
        {
          allowedOrigins: corsAllowedOrigins
          allowedMethods: ['PUT', 'OPTIONS']
          allowedHeaders: ['content-type', 'x-ms-blob-type', 'x-ms-version', 'x-ms-date']
          exposedHeaders: ['etag']
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in union([deploymentContainerName, deadLetterContainerName], appContainerNames): {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-unprocessed-uploads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${uploadsContainerName}/']
            }
            actions: {
              baseBlob: {
                delete: { daysAfterModificationGreaterThan: uploadsRetentionDays }
              }
            }
          }
        }
        {
          // Undelivered blob events are for diagnosis only (the upload sweep processes their uploads): kept a month.
          name: 'expire-dead-lettered-events'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${deadLetterContainerName}/']
            }
            actions: {
              baseBlob: {
                delete: { daysAfterModificationGreaterThan: 30 }
              }
            }
          }
        }
      ]
    }
  }
}

// The subscription on this topic is created after the code is deployed (infra/eventgrid.bicep): it needs the blobs_extension key.
// Its own identity writes undeliverable events to the dead-letter container (the account takes no shared keys).
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Storage Blob Data Contributor on the dead-letter container only.
var blobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = {
  parent: blobService
  name: deadLetterContainerName
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: deadLetterContainer
  name: guid(deadLetterContainer.id, systemTopic.id, blobDataContributor)
  properties: {
    roleDefinitionId: blobDataContributor
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
  dependsOn: [containers]
}

@description('Blob endpoint, for AzureWebJobsStorage__blobServiceUri, MediaStorage__blobServiceUri and Platform__Blob__ServiceUri.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue endpoint, for AzureWebJobsStorage__queueServiceUri and MediaStorage__queueServiceUri.')
output queueEndpoint string = account.properties.primaryEndpoints.queue
