// Shapes shared by main.bicep and the modules. Entity names and the properties the code relies on live in main.bicep.

@export()
@description('A Cosmos DB container. Every container is partitioned on /pk (the document store writes it on every document).')
type cosmosContainer = {
  @description('Required. Container name, as in Platform.Core.Storage.Collections.')
  name: string

  @description('Required. Paths the code filters or sorts on (e.g. "/authorId/?"); everything else is left out of the index.')
  indexedPaths: string[]

  @description('Optional. Composite indexes for queries that order by more than one property.')
  compositeIndexes: compositePath[][]?

  @description('Optional. Default time to live in seconds: -1 lets items set their own "ttl" without a default; omit when nothing expires.')
  defaultTtl: int?
}

@export()
@description('One property of a composite index.')
type compositePath = {
  @description('Required. Property path without a trailing wildcard, e.g. "/createdAt".')
  path: string

  @description('Required. Sort order of this property in the index.')
  order: 'ascending' | 'descending'
}

@export()
@description('A Service Bus queue the code sends to or receives from.')
type serviceBusQueue = {
  @description('Required. Queue name, as the code names it.')
  name: string

  @description('Required. True when the code sets a SessionId and relies on per-session ordering.')
  requiresSession: bool
}

@export()
@description('A Service Bus topic and its subscriptions.')
type serviceBusTopic = {
  @description('Required. Topic name, as the code names it.')
  name: string

  @description('Required. Subscriptions, one per handler group.')
  subscriptions: serviceBusSubscription[]
}

@export()
@description('A subscription of a Service Bus topic.')
type serviceBusSubscription = {
  @description('Required. Subscription name, as the code names it.')
  name: string

  @description('Required. True when the subscription\'s receiver is session-enabled.')
  requiresSession: bool
}

@export()
@description('The Azure OpenAI model deployment the app calls.')
type openAiModel = {
  @description('Required. Deployment name; the app receives it as Platform__OpenAI__Deployment.')
  deploymentName: string

  @description('Required. Model name, e.g. "gpt-4o-mini".')
  modelName: string

  @description('Required. Model version, e.g. "2024-07-18".')
  modelVersion: string

  @description('Required. Deployment SKU, e.g. "GlobalStandard" or "Standard".')
  skuName: string

  @description('Required. Capacity in thousands of tokens per minute.')
  capacity: int
}

@export()
@description('Resource tags.')
type resourceTags = {
  *: string
}

@export()
@description('Token values that grant each platform role: app role values ("roles" claim) or group object ids ("groups" claim), separated by spaces; empty grants that role to nobody.')
type authRoleMapType = {
  @description('Moderators: the moderation queue and decisions.')
  moderator: string
  @description('Brand members (with a brand from an app role or the brand claim).')
  brand: string
  @description('Platform operators (dead letters, replays).')
  admin: string
}
