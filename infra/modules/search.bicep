// Azure AI Search with API keys off: the app signs in with its identity (index definition and documents both from code).
import { resourceTags } from 'types.bicep'

@description('Required. Service name (lowercase letters, digits and hyphens).')
@minLength(2)
@maxLength(60)
param name string

@description('Required. Azure region.')
param location string

@description('Required. Pricing tier.')
@allowed(['free', 'basic', 'standard', 'standard2', 'standard3'])
param skuName string

@description('Required. Replicas (2 or more for a read SLA, 3 or more for a read/write SLA).')
@minValue(1)
@maxValue(12)
param replicaCount int

@description('Required. Partitions.')
@allowed([1, 2, 3, 4, 6, 12])
param partitionCount int

@description('Optional. Enabled, or Disabled when the app reaches it through a private endpoint (main.bicep vnetEnabled).')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string = 'Enabled'

@description('Optional. Tags for the resource.')
param tags resourceTags = {}

resource search 'Microsoft.Search/searchServices@2025-05-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: skuName }
  properties: {
    replicaCount: replicaCount
    partitionCount: partitionCount
    hostingMode: 'Default'
    publicNetworkAccess: toLower(publicNetworkAccess)
    // Entra only: API keys are refused (authOptions must be absent when local auth is disabled).
    disableLocalAuth: true
  }
}

@description('Service endpoint, for Platform__Search__Endpoint.')
output endpoint string = search.properties.endpoint
