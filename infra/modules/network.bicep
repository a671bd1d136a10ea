// Private networking (main.bicep vnetEnabled): a VNet with a subnet for the Functions app's outbound traffic (Flex
// Consumption requires it delegated to Microsoft.App/environments) and one for private endpoints; a private endpoint and
// private DNS zone per data service, so the app reaches each by its usual host name at a private address.
import { resourceTags } from 'types.bicep'

@description('Required. Virtual network name.')
param vnetName string

@description('Required. Azure region of the VNet and the private endpoints.')
param location string

@description('Optional. VNet address space.')
param addressPrefix string = '10.0.0.0/16'

@description('Optional. Subnet for the Functions app (VNet integration).')
param appSubnetPrefix string = '10.0.1.0/24'

@description('Optional. Subnet for the private endpoints.')
param privateEndpointSubnetPrefix string = '10.0.2.0/24'

@description('Required. Storage account name (blob and queue endpoints).')
param storageAccountName string

@description('Required. Cosmos DB account name.')
param cosmosAccountName string

@description('Required. Service Bus namespace name (Premium: only Premium takes private endpoints).')
param serviceBusNamespaceName string

@description('Required. Azure AI Search service name.')
param searchServiceName string

@description('Required. Azure OpenAI account name.')
param openAiAccountName string

@description('Optional. Tags for the resources.')
param tags resourceTags = {}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [{ name: 'flex-consumption', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

// One entry per private endpoint: the target, its sub-resource (group id) and the privatelink zone its host name resolves in.
var endpoints = [
  { name: 'blob', type: 'Microsoft.Storage/storageAccounts', target: storageAccountName, groupId: 'blob', zone: 'privatelink.blob.${environment().suffixes.storage}' }
  { name: 'queue', type: 'Microsoft.Storage/storageAccounts', target: storageAccountName, groupId: 'queue', zone: 'privatelink.queue.${environment().suffixes.storage}' }
  { name: 'cosmos', type: 'Microsoft.DocumentDB/databaseAccounts', target: cosmosAccountName, groupId: 'Sql', zone: 'privatelink.documents.azure.com' }
  { name: 'servicebus', type: 'Microsoft.ServiceBus/namespaces', target: serviceBusNamespaceName, groupId: 'namespace', zone: 'privatelink.servicebus.windows.net' }
  { name: 'search', type: 'Microsoft.Search/searchServices', target: searchServiceName, groupId: 'searchService', zone: 'privatelink.search.windows.net' }
  { name: 'openai', type: 'Microsoft.CognitiveServices/accounts', target: openAiAccountName, groupId: 'account', zone: 'privatelink.openai.azure.com' }
]

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for e in endpoints: {
    name: e.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (e, i) in endpoints: {
    parent: zones[i]
    name: vnetName
    location: 'global'
    tags: tags
    properties: {
      virtualNetwork: { id: vnet.id }
      registrationEnabled: false
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for e in endpoints: {
    name: 'pe-${e.name}-${vnetName}'
    location: location
    tags: tags
    properties: {
      subnet: { id: vnet.properties.subnets[1].id }
      privateLinkServiceConnections: [
        {
          name: e.name
          properties: {
            privateLinkServiceId: resourceId(e.type, e.target)
            groupIds: [e.groupId]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (e, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [{ name: e.name, properties: { privateDnsZoneId: zones[i].id } }]
    }
  }
]

@description('Subnet for the Functions app VNet integration.')
output appSubnetId string = vnet.properties.subnets[0].id
