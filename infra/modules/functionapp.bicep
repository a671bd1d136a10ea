// The Functions app on the Flex Consumption plan (dotnet-isolated 10.0). Every connection is identity-based through the one
// user-assigned identity; the only secret it needs (the payment webhook secret) is a Key Vault reference.
import { authRoleMapType, resourceTags } from 'types.bicep'

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Name of the function app (also its host name: <name>.azurewebsites.net).')
param appName string

@description('Required. Azure region.')
param location string

@description('Required. Name of the user-assigned identity the app runs as.')
param identityName string

@description('Required. Name of the Application Insights component.')
param appInsightsName string

@description('Required. Name of the Key Vault that holds the payment webhook secret.')
param keyVaultName string

@description('Required. Name of the webhook secret in the vault.')
param paymentsWebhookSecretName string

@description('Required. Blob endpoint of the storage account (host storage, deployment package, media).')
param blobEndpoint string

@description('Required. Queue endpoint of the storage account (host and blob-trigger queues).')
param queueEndpoint string

@description('Required. Blob container the plan deploys the app package from.')
param deploymentContainerName string

@description('Required. Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Required. Memory per instance.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Required. Expected "iss" of access tokens (Platform__Auth__Issuer).')
param authIssuer string

@description('Required. Expected "aud" of access tokens (Platform__Auth__Audience).')
param authAudience string

@description('Required. OIDC authority whose metadata gives the signing keys (Platform__Auth__Authority).')
param authAuthority string

@description('Required. Client id of the web client\'s registration; empty for none (Platform__Auth__WebClientId).')
param authWebClientId string

@description('Required. Scopes the web client asks for (Platform__Auth__WebScopes).')
param authWebScopes string

@description('Required. Token values granting each platform role (Platform__Auth__RoleMap__<role>).')
param authRoleMap authRoleMapType

@description('Required. App role prefix naming a brand (Platform__Auth__BrandRolePrefix).')
param authBrandRolePrefix string

@description('Required. Claim listing brand ids (Platform__Auth__BrandClaim); empty for none.')
param authBrandClaim string

@description('Required. Cosmos DB account endpoint.')
param cosmosEndpoint string

@description('Required. Cosmos DB database name.')
param cosmosDatabaseName string

@description('Required. Service Bus fully qualified namespace.')
param serviceBusNamespace string

@description('Required. Azure AI Search endpoint.')
param searchEndpoint string

@description('Required. Name of the search index the app creates and queries.')
param searchIndexName string

@description('Required. Azure OpenAI endpoint.')
param openAiEndpoint string

@description('Required. Azure OpenAI deployment name.')
param openAiDeploymentName string

@description('Optional. Browser origins allowed to call the HTTP API (the web client).')
param corsAllowedOrigins string[] = []

@description('Optional. Subnet (delegated to Microsoft.App/environments) for VNet integration; empty for none.')
param appSubnetId string = ''

@description('Optional. Tags for the resources.')
param tags resourceTags = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  // azd finds the deploy target of the "api" service in azure.yaml by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    // Outbound through the VNet (Flex Consumption routes all outbound traffic there) when vnetEnabled.
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    // Key Vault references resolve with the user-assigned identity (there is no system identity).
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
      // Flex Consumption sets the worker runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION must not be app settings here.
      appSettings: [
        // Functions host storage (leases, keys, timers), identity-based.
        { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // Connection "MediaStorage" of the Event Grid-source blob trigger on uploads/ (it also uses queues for poison messages).
        { name: 'MediaStorage__blobServiceUri', value: blobEndpoint }
        { name: 'MediaStorage__queueServiceUri', value: queueEndpoint }
        { name: 'MediaStorage__credential', value: 'managedidentity' }
        { name: 'MediaStorage__clientId', value: identity.properties.clientId }
        // Connection "ServiceBus" of the Service Bus triggers.
        { name: 'ServiceBus__fullyQualifiedNamespace', value: serviceBusNamespace }
        { name: 'ServiceBus__credential', value: 'managedidentity' }
        { name: 'ServiceBus__clientId', value: identity.properties.clientId }
        // Telemetry: the connection string names the resource; ingestion is authenticated with the identity.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        // The application's own settings (Platform:<Feature>:<Name>, bound by the options classes).
        { name: 'Platform__Mode', value: 'Azure' }
        { name: 'Platform__Azure__ManagedIdentityClientId', value: identity.properties.clientId }
        { name: 'Platform__Auth__Issuer', value: authIssuer }
        { name: 'Platform__Auth__Audience', value: authAudience }
        { name: 'Platform__Auth__Authority', value: authAuthority }
        { name: 'Platform__Auth__WebClientId', value: authWebClientId }
        { name: 'Platform__Auth__WebScopes', value: authWebScopes }
        // Every platform role is set, so the embedded defaults (the platform's own role names) never apply in Azure.
        { name: 'Platform__Auth__RoleMap__moderator', value: authRoleMap.moderator }
        { name: 'Platform__Auth__RoleMap__brand', value: authRoleMap.brand }
        { name: 'Platform__Auth__RoleMap__admin', value: authRoleMap.admin }
        { name: 'Platform__Auth__BrandRolePrefix', value: authBrandRolePrefix }
        { name: 'Platform__Auth__BrandClaim', value: authBrandClaim }
        { name: 'Platform__Cosmos__AccountEndpoint', value: cosmosEndpoint }
        { name: 'Platform__Cosmos__DatabaseName', value: cosmosDatabaseName }
        { name: 'Platform__Blob__ServiceUri', value: blobEndpoint }
        { name: 'Platform__ServiceBus__FullyQualifiedNamespace', value: serviceBusNamespace }
        { name: 'Platform__Search__Endpoint', value: searchEndpoint }
        { name: 'Platform__Search__IndexName', value: searchIndexName }
        { name: 'Platform__OpenAI__Endpoint', value: openAiEndpoint }
        { name: 'Platform__OpenAI__Deployment', value: openAiDeploymentName }
        { name: 'Platform__Payments__WebhookSecret', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${paymentsWebhookSecretName})' }
      ]
    }
  }
}

// No publishing with user names and passwords: deployments authenticate with Entra.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

@description('Base URL of the HTTP API.')
output url string = 'https://${site.properties.defaultHostName}'
