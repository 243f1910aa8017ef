// The renewal function: a Linux function app on the isolated worker (.NET 10, dotnet-isolated) with a
// system-assigned identity and identity-based host storage. Flex Consumption by default; Elastic Premium
// or a Dedicated (App Service) plan when a parameter says so.

import { appSetting } from '../types.bicep'

param location string
param planName string
param appName string

@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string

param hostStorageName string
param hostStorageBlobEndpoint string
param deploymentContainerName string
param appInsightsConnectionString string

@description('Log Analytics workspace the FunctionAppLogs resource logs go to.')
param workspaceId string

@description('What the app reads: RenewalSchedule, RenewalQueue__*, Engine__*, Store__*, Fleet__*.')
param renewalSettings appSetting[]

@description('Flex Consumption: most instances the app may scale to (a timer needs one).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory per instance.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// The worker's .NET version. Flex Consumption lists dotnet-isolated 10.0 among its runtimes
// (Get-AzFunctionAppFlexConsumptionRuntime); other Linux plans take it as linuxFxVersion DOTNET-ISOLATED|10.0.
var dotnetVersion = '10.0'

var isFlex = hostingPlan == 'FlexConsumption'

var planSkus = {
  FlexConsumption: { name: 'FC1', tier: 'FlexConsumption' }
  ElasticPremium: { name: 'EP1', tier: 'ElasticPremium' }
  Dedicated: { name: 'B1', tier: 'Basic' }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  kind: hostingPlan == 'ElasticPremium' ? 'elastic' : (isFlex ? 'functionapp' : 'linux')
  sku: planSkus[hostingPlan]
  properties: {
    reserved: true
  }
}

// Host settings every plan needs. The host signs in to its storage with the app's identity.
var hostSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: hostStorageName }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
  // Application Insights refuses local (key) auth; telemetry is sent with the app's identity.
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
]

// Flex Consumption takes the runtime from functionAppConfig and rejects these as app settings.
var classicSettings = [
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
]

var appSettings = concat(hostSettings, isFlex ? [] : classicSettings, renewalSettings)

// Flex Consumption: no ftpsState, alwaysOn or linuxFxVersion in siteConfig (newer regions reject a Flex site
// config that carries them); the runtime and its version come from functionAppConfig.runtime.
var flexSiteConfig = {
  minTlsVersion: '1.2'
  appSettings: appSettings
}

var classicSiteConfig = {
  minTlsVersion: '1.2'
  ftpsState: 'Disabled'
  // A Dedicated plan idles the host without it, and the timer would not fire; Elastic Premium keeps
  // instances warm on its own.
  alwaysOn: hostingPlan == 'Dedicated'
  linuxFxVersion: 'DOTNET-ISOLATED|${dotnetVersion}'
  appSettings: appSettings
}

var flexConfig = {
  functionAppConfig: {
    deployment: {
      storage: {
        type: 'blobContainer'
        value: '${hostStorageBlobEndpoint}${deploymentContainerName}'
        authentication: {
          type: 'SystemAssignedIdentity'
        }
      }
    }
    scaleAndConcurrency: {
      maximumInstanceCount: maximumInstanceCount
      instanceMemoryMB: instanceMemoryMB
    }
    runtime: {
      name: 'dotnet-isolated'
      version: dotnetVersion
    }
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: union(
    {
      serverFarmId: plan.id
      httpsOnly: true
      siteConfig: isFlex ? flexSiteConfig : classicSiteConfig
    },
    isFlex ? flexConfig : {}
  )
}

// The host's and the worker's log lines (FunctionAppLogs table) in the workspace, beside Application Insights.
resource appLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'function-app-logs'
  scope: app
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

output name string = app.name
output id string = app.id
output principalId string = app.identity.principalId
output defaultHostName string = app.properties.defaultHostName
