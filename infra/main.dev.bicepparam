// Development: smallest tiers, pay-per-request Cosmos DB, nothing zone-redundant. Replace the <...> values (README, Deploy).
using 'main.bicep'

param environmentName = 'dev'
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
param corsAllowedOrigins = ['http://localhost:5080']
param functionMaximumInstanceCount = 40
param functionInstanceMemoryMB = 2048
param storageSkuName = 'Standard_LRS'
param uploadsRetentionDays = 1
param cosmosCapacityMode = 'Serverless'
param cosmosAutoscaleMaxThroughput = 1000
param cosmosDatabaseName = 'platform'
param serviceBusSku = 'Standard'
param serviceBusPremiumCapacity = 1
param serviceBusMaxDeliveryCount = 10
param searchSku = 'basic'
param searchReplicaCount = 1
param searchPartitionCount = 1
param searchIndexName = 'notes'
param openAiDeploymentName = 'drafts'
param openAiModelName = 'gpt-4o-mini'
param openAiModelVersion = '2024-07-18'
param openAiDeploymentSku = 'GlobalStandard'
param openAiCapacity = 10
param paymentsWebhookSecretName = 'payments-webhook-secret'
param keyVaultPurgeProtection = false
param keyVaultSoftDeleteRetentionInDays = 7
param logRetentionInDays = 30
param operatorPrincipalId = ''
param vnetEnabled = false
