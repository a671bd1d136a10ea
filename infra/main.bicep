// The whole platform in one resource group: Functions app (Flex Consumption), its identity, monitoring, storage, Cosmos DB,
// Service Bus, Azure AI Search, Azure OpenAI and Key Vault. Keyless: every service has local/key auth off and the app reaches
// each with its user-assigned identity. The Event Grid subscription for the blob trigger is a second, post-deploy step
// (eventgrid.bicep), because it needs the blobs_extension key that exists only once the code is deployed.
import { authRoleMapType, cosmosContainer, serviceBusQueue, serviceBusTopic } from 'modules/types.bicep'

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------------

@description('Required. Environment name, used in resource names and tags.')
@allowed(['dev', 'prod'])
param environmentName string

@description('Optional. Short name prefix for resources: lowercase letters and digits.')
@minLength(2)
@maxLength(8)
param namePrefix string = 'platform'

@description('Optional. Azure region for everything except Azure OpenAI.')
param location string = resourceGroup().location

@description('Required. Expected "iss" claim of access tokens, e.g. https://<tenant-id>.ciamlogin.com/<tenant-id>/v2.0 for Microsoft Entra External ID.')
param authIssuer string

@description('Required. Expected "aud" claim of access tokens: the application (client) id or App ID URI of the API registration.')
param authAudience string

@description('Required. OIDC authority whose /.well-known/openid-configuration gives the signing keys, e.g. https://<tenant>.ciamlogin.com/<tenant-id>/v2.0.')
param authAuthority string

@description('Optional. Application (client) id of the web client\'s own registration (single-page application, redirect URI = the site\'s origin) in the same tenant. Set: the web client signs in there with the authorization-code flow with PKCE; empty: it offers only pasting a token.')
param authWebClientId string = ''

@description('Optional. Scopes the web client asks for, separated by spaces: the scope the API registration exposes, e.g. api://<api-client-id>/access.')
param authWebScopes string = ''

@description('Optional. App role values (the "roles" claim) or group object ids (the "groups" claim) that grant each platform role, several separated by spaces. Anything else in a token grants nothing.')
param authRoleMap authRoleMapType = {
  moderator: 'Moderator'
  brand: ''
  admin: 'Platform.Admin'
}

@description('Optional. An app role "<prefix><brand id>" (e.g. Brand.acme) makes the caller a member of that brand; empty: none.')
param authBrandRolePrefix string = 'Brand.'

@description('Optional. A claim listing brand ids the caller acts for when they also have the brand role (e.g. a custom attribute the tenant emits); empty: none.')
param authBrandClaim string = ''

@description('Optional. Browser origins of the web client, allowed by the API (CORS) and for direct uploads to blob storage.')
param corsAllowedOrigins string[] = []

@description('Optional. Most instances the Functions app scales out to.')
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('Optional. Memory per Functions instance (MB).')
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@description('Optional. Storage replication.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSkuName string = 'Standard_LRS'

@description('Optional. Days an unprocessed upload may stay in the uploads container before it is deleted.')
@minValue(1)
param uploadsRetentionDays int = 1

@description('Optional. Cosmos DB capacity: Serverless (pay per request) or Autoscale (shared database throughput).')
@allowed(['Serverless', 'Autoscale'])
param cosmosCapacityMode string = 'Serverless'

@description('Optional. Highest RU/s of the database in Autoscale mode (ignored for Serverless).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Optional. Cosmos DB database name.')
param cosmosDatabaseName string = 'platform'

@description('Optional. Service Bus tier: Standard, or Premium for dedicated capacity and larger messages.')
@allowed(['Standard', 'Premium'])
param serviceBusSku string = 'Standard'

@description('Optional. Service Bus messaging units when Premium (ignored for Standard).')
@allowed([1, 2, 4, 8, 16])
param serviceBusPremiumCapacity int = 1

@description('Optional. Deliveries before Service Bus dead-letters a message.')
@minValue(1)
param serviceBusMaxDeliveryCount int = 10

@description('Optional. Azure AI Search pricing tier.')
@allowed(['free', 'basic', 'standard', 'standard2', 'standard3'])
param searchSku string = 'basic'

@description('Optional. Azure AI Search replicas.')
@minValue(1)
@maxValue(12)
param searchReplicaCount int = 1

@description('Optional. Azure AI Search partitions.')
@allowed([1, 2, 3, 4, 6, 12])
param searchPartitionCount int = 1

@description('Optional. Name of the search index the app creates (its definition is in code).')
param searchIndexName string = 'notes'

@description('Optional. Region of the Azure OpenAI account (model availability differs by region).')
param openAiLocation string = location

@description('Optional. Azure OpenAI deployment name (Platform__OpenAI__Deployment).')
param openAiDeploymentName string = 'drafts'

@description('Optional. Azure OpenAI model name.')
param openAiModelName string = 'gpt-4o-mini'

@description('Optional. Azure OpenAI model version.')
param openAiModelVersion string = '2024-07-18'

@description('Optional. Azure OpenAI deployment SKU.')
@allowed(['GlobalStandard', 'Standard', 'DataZoneStandard'])
param openAiDeploymentSku string = 'GlobalStandard'

@description('Optional. Azure OpenAI capacity, in thousands of tokens per minute.')
@minValue(1)
param openAiCapacity int = 10

@description('Optional. Name of the payment webhook secret in Key Vault (set it after deploying; see README, Deploy).')
param paymentsWebhookSecretName string = 'payments-webhook-secret'

@description('Optional. Key Vault purge protection; cannot be turned off once on.')
param keyVaultPurgeProtection bool = false

@description('Optional. Days a deleted Key Vault secret can be recovered.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 7

@description('Optional. Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Optional. Private networking: a VNet, the Functions app integrated in it, and private endpoints for storage, Cosmos DB, Service Bus (forced to Premium), AI Search and Azure OpenAI, whose public network access is then off.')
param vnetEnabled bool = false

@description('Optional. Object id of the person or group who sets the payment webhook secret (gets Key Vault Secrets Officer); empty for none.')
param operatorPrincipalId string = ''

// ---------------------------------------------------------------------------------------------------------------------
// What the code uses. These names must match the code; tests/Platform.Tests/Infra checks them against it.
// ---------------------------------------------------------------------------------------------------------------------

// One entry per Platform.Azure.Storage.CosmosContainers name (a shared-throughput database holds at most 25 containers;
// tests/Platform.Tests.Infra checks it). Index only what the code filters or sorts on.
var cosmosContainers cosmosContainer[] = [
  {
    // An author's notes: WHERE authorId = @a AND (deletedAt unset | status = @s AND visibility = @v)
    // ORDER BY c.createdAt DESC, c.id DESC. Two-property ORDER BY needs a composite index; both directions are declared.
    // A campaign's notes: WHERE authorId = @a AND partnerBrandId = @b AND sponsored = true AND status = @s (same order).
    name: 'notes'
    indexedPaths: ['/authorId/?', '/status/?', '/visibility/?', '/deletedAt/?', '/createdAt/?', '/partnerBrandId/?', '/sponsored/?']
    compositeIndexes: [
      [{ path: '/createdAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/createdAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
    // Notes never expire (deletion is a soft delete).
  }
  {
    // Handler de-duplication: point reads by message id only; records expire after 7 days (past any redelivery window).
    name: 'processed-messages'
    indexedPaths: []
    defaultTtl: 604800
  }
  {
    // Counters: point reads and ETag-checked replaces only.
    name: 'counters'
    indexedPaths: []
  }
  {
    // Likes: the sweep (hasPendingCounts, by changedAt); export and erasure (userId, active).
    name: 'likes'
    indexedPaths: ['/hasPendingCounts/?', '/changedAt/?', '/userId/?', '/active/?', '/noteAuthorId/?']
    compositeIndexes: [
      [{ path: '/changedAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/changedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Collects: a board's notes (boardId, active, by collectedAt); the sweep (hasPendingCounts).
    name: 'collects'
    indexedPaths: ['/hasPendingCounts/?', '/collectedAt/?', '/boardId/?', '/active/?', '/noteAuthorId/?']
    compositeIndexes: [
      [{ path: '/collectedAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/collectedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Boards: one user's boards by createdAt (single partition).
    name: 'boards'
    indexedPaths: ['/createdAt/?']
    compositeIndexes: [
      [{ path: '/createdAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/createdAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Follows: following / followers (followeeId, active, by followedAt); the sweep (hasPendingCounts).
    name: 'follows'
    indexedPaths: ['/hasPendingCounts/?', '/followedAt/?', '/followeeId/?', '/active/?']
    compositeIndexes: [
      [{ path: '/followedAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/followedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Comments: a note's comments and replies (parentId, status, by createdAt); export (authorId); the sweep (by updatedAt).
    name: 'comments'
    indexedPaths: ['/hasPendingCounts/?', '/updatedAt/?', '/createdAt/?', '/parentId/?', '/status/?', '/authorId/?', '/noteAuthorId/?', '/replyToUserId/?']
    compositeIndexes: [
      [{ path: '/createdAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/createdAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
      [{ path: '/updatedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // The moderation queue: open cases (state) oldest first (openedAt).
    name: 'moderationCases'
    indexedPaths: ['/state/?', '/openedAt/?', '/authorId/?']
    compositeIndexes: [
      [{ path: '/openedAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/openedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Reports: a user's reports (reporterId) for export and erasure.
    name: 'reports'
    indexedPaths: ['/reporterId/?', '/reportedAt/?']
    compositeIndexes: [
      [{ path: '/reportedAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/reportedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Media records: point reads and ETag-checked replaces by media id; a user's media (export, erasure) is a query on ownerId.
    name: 'media'
    indexedPaths: ['/ownerId/?', '/createdAt/?']
  }
  {
    // Offers and partnerships: a brand's (brandId, by offeredAt; one by id); a creator's (one partition), the active one
    // with a brand (brandId, state).
    name: 'partnerships'
    indexedPaths: ['/brandId/?', '/state/?', '/offeredAt/?']
    compositeIndexes: [
      [{ path: '/offeredAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/offeredAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // A brand's shops: WHERE brandId = @b ORDER BY c.createdAt ASC, c.id ASC.
    name: 'shops'
    indexedPaths: ['/brandId/?', '/createdAt/?']
    compositeIndexes: [
      [{ path: '/createdAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
      [{ path: '/createdAt', order: 'descending' }, { path: '/id', order: 'descending' }]
    ]
  }
  {
    // A shop's catalogue: WHERE shopId = @s AND status = 'Active' ORDER BY c.createdAt DESC, c.id DESC.
    name: 'products'
    indexedPaths: ['/shopId/?', '/status/?', '/createdAt/?']
    compositeIndexes: [
      [{ path: '/createdAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/createdAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // A buyer's or a shop's orders: WHERE buyerId = @b | shopId = @s [AND status = @t] ORDER BY c.createdAt DESC, c.id DESC.
    // Orders never expire (they are the sales ledger and the attribution record).
    name: 'orders'
    indexedPaths: ['/buyerId/?', '/shopId/?', '/status/?', '/createdAt/?']
    compositeIndexes: [
      [{ path: '/createdAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/createdAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Payment webhook event ids already received: point reads only. Kept 30 days, far past the 5-minute replay window and
    // any provider's retry schedule.
    name: 'payment-events'
    indexedPaths: []
    defaultTtl: 2592000
  }
  {
    // A brand's suggestions: WHERE brandId = @b ORDER BY c.createdAt DESC, c.id DESC (in its partition). The drafting job
    // travels in the document's outbox (pendingEvents), relayed from the change feed.
    name: 'suggestions'
    indexedPaths: ['/brandId/?', '/createdAt/?']
    compositeIndexes: [
      [{ path: '/createdAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/createdAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // Per-note content metrics: point reads and writes by note id; the predictor's held-out fit pages through all of them.
    name: 'content-metrics'
    indexedPaths: ['/noteId/?']
    compositeIndexes: [
      [{ path: '/noteId', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // The collections read and written only by key (Platform.Core.Storage.Collections.KeyedOnly: profiles, stock,
    // carts, counters of usage and metrics, ...) share this container; their /pk values carry the collection's name
    // (Platform.Azure.Storage.CosmosContainers). Point operations need no index.
    name: 'keyed'
    indexedPaths: []
  }
  {
    // Notifications, partitioned by recipient: the inbox (WHERE optional read = false, ORDER BY c.updatedAt DESC, c.id DESC);
    // erasure finds the notifications naming an actor (actorId, actor2, actor3: the latest three people of a group).
    name: 'notifications'
    indexedPaths: ['/updatedAt/?', '/read/?', '/actorId/?', '/actor2/?', '/actor3/?']
    compositeIndexes: [
      [{ path: '/updatedAt', order: 'descending' }, { path: '/id', order: 'descending' }]
      [{ path: '/updatedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    // The moderation audit log, partitioned by the user a decision was about: newest first, all or one case's.
    name: 'moderation-audit'
    indexedPaths: ['/at/?', '/caseId/?']
    compositeIndexes: [
      [{ path: '/at', order: 'descending' }, { path: '/id', order: 'descending' }]
    ]
  }
]

// Session-enabled where the code sets a SessionId for per-key order (order workflow by order id, drafts by request id).
var serviceBusQueues serviceBusQueue[] = [
  { name: 'orders', requiresSession: true }
  { name: 'suggestions', requiresSession: true }
]

// Domain events fan out to one subscription per consumer; a subscription without a consumer would fill up unread
// (tests/Platform.Tests.Infra checks every entity has a handler and every handler an entity).
var serviceBusTopics serviceBusTopic[] = [
  {
    name: 'events'
    subscriptions: [
      { name: 'search', requiresSession: false }
      { name: 'analytics', requiresSession: false }
      { name: 'feed', requiresSession: false }
      { name: 'community', requiresSession: false }
      { name: 'notifications', requiresSession: false }
    ]
  }
]

var deploymentContainerName = 'deployment'
var uploadsContainerName = 'uploads'
var mediaContainerName = 'media'
var deadLetterContainerName = 'eventgrid-deadletter'

// ---------------------------------------------------------------------------------------------------------------------
// Names: prefix + environment + a token unique to the subscription and resource group.
// ---------------------------------------------------------------------------------------------------------------------

var token = uniqueString(subscription().id, resourceGroup().id, environmentName)
var baseName = '${namePrefix}-${environmentName}'
var tags = {
  application: 'platform'
  environment: environmentName
}

var names = {
  identity: 'id-${baseName}-${token}'
  workspace: 'log-${baseName}-${token}'
  appInsights: 'appi-${baseName}-${token}'
  storage: take('st${namePrefix}${token}', 24)
  systemTopic: 'evgt-${baseName}-${token}'
  cosmos: 'cosmos-${baseName}-${token}'
  serviceBus: 'sb-${baseName}-${token}'
  search: 'srch-${baseName}-${token}'
  openAi: 'oai-${baseName}-${token}'
  keyVault: take('kv-${namePrefix}-${token}', 24)
  plan: 'plan-${baseName}-${token}'
  functionApp: 'func-${baseName}-${token}'
  vnet: 'vnet-${baseName}-${token}'
}

// With vnetEnabled the data services take traffic only through their private endpoints.
var publicNetworkAccess = vnetEnabled ? 'Disabled' : 'Enabled'


// ---------------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    systemTopicName: names.systemTopic
    location: location
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    appContainerNames: [uploadsContainerName, mediaContainerName]
    uploadsContainerName: uploadsContainerName
    uploadsRetentionDays: uploadsRetentionDays
    deadLetterContainerName: deadLetterContainerName
    corsAllowedOrigins: corsAllowedOrigins
    publicNetworkAccess: publicNetworkAccess
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: names.cosmos
    location: location
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    containers: cosmosContainers
    publicNetworkAccess: publicNetworkAccess
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    namespaceName: names.serviceBus
    location: location
    // Only Premium namespaces take private endpoints.
    skuName: vnetEnabled ? 'Premium' : serviceBusSku
    premiumCapacity: serviceBusPremiumCapacity
    maxDeliveryCount: serviceBusMaxDeliveryCount
    queues: serviceBusQueues
    topics: serviceBusTopics
    publicNetworkAccess: publicNetworkAccess
    tags: tags
  }
}

module search 'modules/search.bicep' = {
  name: 'search'
  params: {
    name: names.search
    location: location
    skuName: searchSku
    replicaCount: searchReplicaCount
    partitionCount: searchPartitionCount
    publicNetworkAccess: publicNetworkAccess
    tags: tags
  }
}

module openAi 'modules/openai.bicep' = {
  name: 'openai'
  params: {
    name: names.openAi
    location: openAiLocation
    model: {
      deploymentName: openAiDeploymentName
      modelName: openAiModelName
      modelVersion: openAiModelVersion
      skuName: openAiDeploymentSku
      capacity: openAiCapacity
    }
    publicNetworkAccess: publicNetworkAccess
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    enablePurgeProtection: keyVaultPurgeProtection
    tags: tags
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  params: {
    vnetName: names.vnet
    location: location
    storageAccountName: names.storage
    cosmosAccountName: names.cosmos
    serviceBusNamespaceName: names.serviceBus
    searchServiceName: names.search
    openAiAccountName: names.openAi
    tags: tags
  }
  dependsOn: [storage, cosmos, serviceBus, search, openAi]
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    appIdentityName: names.identity
    operatorPrincipalId: operatorPrincipalId
    storageAccountName: names.storage
    appInsightsName: names.appInsights
    cosmosAccountName: names.cosmos
    serviceBusNamespaceName: names.serviceBus
    searchServiceName: names.search
    openAiAccountName: names.openAi
    keyVaultName: names.keyVault
  }
  // Names are passed (not outputs) so role assignment ids are known before deployment; hence the explicit order.
  dependsOn: [identity, monitoring, storage, cosmos, serviceBus, search, openAi, keyVault]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: names.plan
    appName: names.functionApp
    location: location
    identityName: names.identity
    appInsightsName: names.appInsights
    keyVaultName: names.keyVault
    paymentsWebhookSecretName: paymentsWebhookSecretName
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    authIssuer: authIssuer
    authAudience: authAudience
    authAuthority: authAuthority
    authWebClientId: authWebClientId
    authWebScopes: authWebScopes
    authRoleMap: authRoleMap
    authBrandRolePrefix: authBrandRolePrefix
    authBrandClaim: authBrandClaim
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    searchEndpoint: search.outputs.endpoint
    searchIndexName: searchIndexName
    openAiEndpoint: openAi.outputs.endpoint
    openAiDeploymentName: openAiDeploymentName
    corsAllowedOrigins: corsAllowedOrigins
    appSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
    tags: tags
  }
  // The app starts as soon as it exists: its roles (and the telemetry target) must be in place first.
  dependsOn: [rbac, monitoring]
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs: endpoints and the names the README's next steps need. Never a key or a connection string.
// ---------------------------------------------------------------------------------------------------------------------

@description('Function app name (dotnet publish / az functionapp deploy, and eventgrid.bicep).')
output functionAppName string = names.functionApp

@description('Base URL of the HTTP API.')
output functionAppUrl string = functionApp.outputs.url

@description('Storage account name (eventgrid.bicep).')
output storageAccountName string = names.storage

@description('Event Grid system topic on the storage account (eventgrid.bicep).')
output systemTopicName string = names.systemTopic

@description('Container for undeliverable blob events (eventgrid.bicep).')
output deadLetterContainerName string = deadLetterContainerName

@description('Blob endpoint.')
output blobEndpoint string = storage.outputs.blobEndpoint

@description('Cosmos DB endpoint.')
output cosmosEndpoint string = cosmos.outputs.endpoint

@description('Service Bus fully qualified namespace.')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Azure AI Search endpoint.')
output searchEndpoint string = search.outputs.endpoint

@description('Azure OpenAI endpoint.')
output openAiEndpoint string = openAi.outputs.endpoint

@description('Key Vault name (az keyvault secret set --vault-name).')
output keyVaultName string = names.keyVault

@description('Key Vault URI.')
output keyVaultUri string = keyVault.outputs.uri

@description('The web client\'s sign-in, as GET /api/auth/config gives it (public identifiers only).')
output authWebClientId string = authWebClientId
