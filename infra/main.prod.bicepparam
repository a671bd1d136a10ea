// Production: zone-redundant storage, autoscale Cosmos DB, Premium Service Bus, replicated search, purge protection on.
// Replace the <...> values (README, Deploy).
using 'main.bicep'

param environmentName = 'prod'
param namePrefix = 'platform'
param authIssuer = 'https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0'
param authAudience = '<api-client-id>'
param authAuthority = 'https://<tenant-subdomain>.ciamlogin.com/<tenant-id>/v2.0'
param authWebClientId = '<web-client-id>'
param authWebScopes = 'api://<api-client-id>/access'
param authRoleMap = {
  moderator: 'Moderator'
  brand: ''
  admin: 'Platform.Admin'
}
param authBrandRolePrefix = 'Brand.'
param authBrandClaim = ''
param corsAllowedOrigins = ['https://<web-client-origin>']
param functionMaximumInstanceCount = 200
param functionInstanceMemoryMB = 2048
param storageSkuName = 'Standard_ZRS'
param uploadsRetentionDays = 1
param cosmosCapacityMode = 'Autoscale'
param cosmosAutoscaleMaxThroughput = 4000
param cosmosDatabaseName = 'platform'
param serviceBusSku = 'Premium'
param serviceBusPremiumCapacity = 1
param serviceBusMaxDeliveryCount = 10
param searchSku = 'standard'
param searchReplicaCount = 3
param searchPartitionCount = 1
param searchIndexName = 'notes'
param openAiDeploymentName = 'drafts'
param openAiModelName = 'gpt-4o-mini'
param openAiModelVersion = '2024-07-18'
param openAiDeploymentSku = 'GlobalStandard'
param openAiCapacity = 50
param paymentsWebhookSecretName = 'payments-webhook-secret'
param keyVaultPurgeProtection = true
param keyVaultSoftDeleteRetentionInDays = 90
param logRetentionInDays = 90
param operatorPrincipalId = ''
param vnetEnabled = true
