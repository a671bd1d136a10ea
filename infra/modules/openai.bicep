// Azure OpenAI with keys off and one model deployment (the app calls it with its identity).
import { openAiModel, resourceTags } from 'types.bicep'

@description('Required. Account name; also its custom subdomain, which Entra authentication requires.')
@minLength(2)
@maxLength(64)
param name string

@description('Required. Azure region (model availability differs by region).')
param location string

@description('Required. The model deployment.')
param model openAiModel

@description('Optional. Enabled, or Disabled when the app reaches it through a private endpoint (main.bicep vnetEnabled).')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string = 'Enabled'

@description('Optional. Tags for the resources.')
param tags resourceTags = {}

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: publicNetworkAccess
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
  parent: account
  name: model.deploymentName
  sku: {
    name: model.skuName
    capacity: model.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: model.modelName
      version: model.modelVersion
    }
    // A pinned version: a model upgrade changes outputs, so it is a deliberate parameter change.
    versionUpgradeOption: 'NoAutoUpgrade'
  }
}

@description('Account endpoint, for Platform__OpenAI__Endpoint.')
output endpoint string = account.properties.endpoint
