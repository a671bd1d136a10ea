// Log Analytics and a workspace-based Application Insights that accepts only Entra-authenticated telemetry.
import { resourceTags } from 'types.bicep'

@description('Required. Name of the Log Analytics workspace.')
param workspaceName string

@description('Required. Name of the Application Insights component.')
param appInsightsName string

@description('Required. Azure region.')
param location string

@description('Required. Days to keep logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Optional. Tags for the resources.')
param tags resourceTags = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Telemetry must carry an Entra token (the app identity has Monitoring Metrics Publisher); the connection string alone is not enough.
    DisableLocalAuth: true
  }
}
