// Service Bus: keys off, every queue/topic/subscription the code uses, with sessions, duplicate detection and dead-lettering.
import { serviceBusQueue, serviceBusTopic, resourceTags } from 'types.bicep'

@description('Required. Namespace name.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Required. Azure region.')
param location string

@description('Required. Standard (shared capacity) or Premium (dedicated messaging units).')
@allowed(['Standard', 'Premium'])
param skuName string

@description('Required. Messaging units for Premium (ignored for Standard).')
@allowed([1, 2, 4, 8, 16])
param premiumCapacity int

@description('Required. Deliveries before a message is dead-lettered (the handlers also dead-letter poison messages themselves).')
@minValue(1)
param maxDeliveryCount int

@description('Required. Queues the code uses.')
param queues serviceBusQueue[]

@description('Required. Topics (and subscriptions) the code uses.')
param topics serviceBusTopic[]

@description('Optional. Enabled, or Disabled when the app reaches it through a private endpoint (main.bicep vnetEnabled).')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string = 'Enabled'

@description('Optional. Tags for the resources.')
param tags resourceTags = {}

// The publisher sets MessageId = event id, so the broker drops a re-sent event inside this window.
var duplicateDetectionWindow = 'PT10M'
var messageTimeToLive = 'P14D'
var lockDuration = 'PT1M'

var subscriptions = flatten(map(range(0, length(topics)), t => map(topics[t].subscriptions, s => {
  topicIndex: t
  name: s.name
  requiresSession: s.requiresSession
})))

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: skuName == 'Premium' ? premiumCapacity : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: publicNetworkAccess
    premiumMessagingPartitions: skuName == 'Premium' ? 1 : null
  }
}

resource queueResources 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queue in queues: {
    parent: namespace
    name: queue.name
    properties: {
      requiresSession: queue.requiresSession
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      deadLetteringOnMessageExpiration: true
      maxDeliveryCount: maxDeliveryCount
      lockDuration: lockDuration
      defaultMessageTimeToLive: messageTimeToLive
    }
  }
]

resource topicResources 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = [
  for topic in topics: {
    parent: namespace
    name: topic.name
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      defaultMessageTimeToLive: messageTimeToLive
    }
  }
]

resource subscriptionResources 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscription in subscriptions: {
    parent: topicResources[subscription.topicIndex]
    name: subscription.name
    properties: {
      requiresSession: subscription.requiresSession
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      maxDeliveryCount: maxDeliveryCount
      lockDuration: lockDuration
      defaultMessageTimeToLive: messageTimeToLive
    }
  }
]

@description('Fully qualified namespace, for ServiceBus__fullyQualifiedNamespace and Platform__ServiceBus__FullyQualifiedNamespace.')
// serviceBusEndpoint is https://<name>.servicebus.<cloud suffix>:443/; the host name is what the clients want.
output fullyQualifiedNamespace string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
