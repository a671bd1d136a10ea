// Key Vault for the payment provider's webhook secret. RBAC only (no access policies); the app reads the secret through a
// Key Vault reference in its settings, so the value is never in a template, a parameter or an output.
import { resourceTags } from 'types.bicep'

@description('Required. Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region.')
param location string

@description('Required. Days a deleted secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Required. Purge protection (cannot be turned off once on): true for production.')
param enablePurgeProtection bool

@description('Optional. Tags for the resource.')
param tags resourceTags = {}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The API refuses false once purge protection was on, so "off" is expressed by leaving it out.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

@description('Vault URI (for az keyvault secret set --id, and the README).')
output uri string = vault.properties.vaultUri
