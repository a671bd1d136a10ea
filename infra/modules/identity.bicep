// The app's one user-assigned managed identity: every connection the Functions app makes uses it (no keys anywhere).
import { resourceTags } from 'types.bicep'

@description('Required. Name of the identity.')
param name string

@description('Required. Azure region.')
param location string

@description('Optional. Tags for the resource.')
param tags resourceTags = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, for the app\'s identity block and Flex deployment storage authentication.')
output resourceId string = identity.id

@description('Client id, for the identity-based connection settings (__clientId) and Platform__Azure__ManagedIdentityClientId.')
output clientId string = identity.properties.clientId
