// Post-deploy step: the Event Grid subscription that drives the Event Grid-source blob trigger on uploads/.
// A separate deployment because the webhook needs the host's blobs_extension system key, which exists only after the code
// is published. The key is read here with listKeys, inside the deployment: it never passes through a shell, a parameter
// or an output. Run it again after each publish that renames the trigger function (see README, Deploy).

targetScope = 'resourceGroup'

@description('Required. Function app name (output functionAppName of main.bicep).')
param functionAppName string

@description('Required. Event Grid system topic on the storage account (output systemTopicName of main.bicep).')
param systemTopicName string

@description('Required. Storage account of the uploads (output storageAccountName of main.bicep).')
param storageAccountName string

@description('Optional. Container for events Event Grid could not deliver after its retries (output deadLetterContainerName of main.bicep).')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Optional. Name of the blob-triggered function, as in [Function("...")].')
param blobTriggerFunctionName string = 'ProcessUpload'

@description('Optional. Container whose new blobs trigger the function.')
param uploadsContainerName string = 'uploads'

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

// The blobs extension's webhook; the extension answers Event Grid's validation handshake itself.
var blobsExtensionKey = listKeys('${site.id}/host/default', '2024-11-01').systemKeys.blobs_extension
var webhookUrl = 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${blobTriggerFunctionName}&code=${blobsExtensionKey}'

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: '${uploadsContainerName}-to-${toLower(blobTriggerFunctionName)}'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: webhookUrl
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${uploadsContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // Without a dead-letter destination an event is dropped after its retries. Kept here for diagnosis; the upload sweep
    // (a timer function) processes any upload whose event never arrived.
    deadLetterWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}
