// lb-acme, Azure side, in one resource-group deployment: the renewal function (custom handler) with its
// identity, host storage and telemetry; the shared store; the Key Vault for the LB certificates; the least
// privilege role assignments for the function and for every LB; and the alerts. See infra/README.md.

import { fleetSettings, lbIdentity, fleetAppSettings } from 'types.bicep'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short lowercase prefix of every resource name.')
@minLength(3)
@maxLength(9)
param namePrefix string = 'lbacme'

@description('Where the function app runs: Flex Consumption (default), Elastic Premium (EP1) or Dedicated (B1).')
@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string = 'FlexConsumption'

@description('NCRONTAB (six fields, UTC) of the renewal timer; hourly at minute 17 by default, so ARI is asked far more often than twice a day.')
param renewalSchedule string = '0 17 * * * *'

@description('Certificates are named {certificateName}-{lb} in the vault.')
@minLength(1)
@maxLength(60)
param certificateName string = 'lbacme'

@description('The shared store\'s one container (challenges/, locks/, runs/, status/).')
param storeContainerName string = 'lb-acme'

@description('The fleet description the function reads (the Fleet section of fleet.json).')
param fleet fleetSettings

@description('Each LB\'s managed identity: {lb, principalId}. Empty until the LBs exist.')
param lbIdentities lbIdentity[] = []

@description('Grant each LB read access to its own certificate secret. That secret must exist: deploy with false first, run one renewal, then deploy again with true (infra/README.md).')
param grantLbCertificateAccess bool = true

@description('Alert when a certificate has fewer days left than this (inside the renewal backstop).')
param expiryAlertDays int = 15

@description('E-mail addresses the alerts notify.')
param alertEmails string[] = []

var token = uniqueString(resourceGroup().id, namePrefix)
var storeAccountName = take('${namePrefix}st${token}', 24)
var hostStorageName = take('${namePrefix}fn${token}', 24)
var vaultName = take('${namePrefix}-kv-${token}', 24)
var appName = '${namePrefix}-renewal-${token}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: '${namePrefix}-logs-${token}'
    appInsightsName: '${namePrefix}-ai-${token}'
  }
}

module hostStorage 'modules/host-storage.bicep' = {
  name: 'host-storage'
  params: {
    location: location
    name: hostStorageName
    deploymentContainerName: 'app-package'
  }
}

module store 'modules/shared-store.bicep' = {
  name: 'shared-store'
  params: {
    location: location
    name: storeAccountName
    containerName: storeContainerName
  }
}

module vault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    name: vaultName
  }
}

// What LbAcme.Functions reads (functions/Renewal/Engine/RenewalServiceCollectionExtensions.cs).
var handlerSettings = concat(
  [
    { name: 'RenewalSchedule', value: renewalSchedule }
    { name: 'Engine__CertificateStore', value: 'keyvault' }
    { name: 'Engine__KeyVaultUri', value: vault.outputs.uri }
    { name: 'Engine__CertificateName', value: certificateName }
    { name: 'Store__ServiceUri', value: store.outputs.blobEndpoint }
    { name: 'Store__Container', value: store.outputs.containerName }
  ],
  fleetAppSettings(fleet)
)

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    planName: '${namePrefix}-plan-${token}'
    appName: appName
    hostingPlan: hostingPlan
    hostStorageName: hostStorage.outputs.name
    hostStorageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: hostStorage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    handlerSettings: handlerSettings
  }
}

module functionRoles 'modules/function-roles.bicep' = {
  name: 'function-roles'
  params: {
    principalId: functionApp.outputs.principalId
    vaultName: vault.outputs.name
    hostStorageName: hostStorage.outputs.name
    storeAccountName: store.outputs.name
    storeContainerName: store.outputs.containerName
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module statusWriterRole 'modules/status-writer-role.bicep' = {
  name: 'status-writer-role'
}

module lbAccess 'modules/lb-access.bicep' = [
  for identity in lbIdentities: {
    name: 'lb-access-${identity.lb}'
    params: {
      lb: identity.lb
      principalId: identity.principalId
      vaultName: vault.outputs.name
      certificateName: certificateName
      storeAccountName: store.outputs.name
      storeContainerName: store.outputs.containerName
      statusWriterRoleId: statusWriterRole.outputs.id
      grantCertificateAccess: grantLbCertificateAccess
    }
  }
]

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    namePrefix: namePrefix
    workspaceId: monitoring.outputs.workspaceId
    expiryAlertDays: expiryAlertDays
    alertEmails: alertEmails
  }
}

@description('The function app to deploy the package to (infra/package-functions.sh).')
output functionAppName string = functionApp.outputs.name

@description('Shared store for every sidecar: Sidecar:Store:ServiceUri and Sidecar:Store:Container.')
output storeServiceUri string = store.outputs.blobEndpoint
output storeContainer string = store.outputs.containerName

@description('Key Vault holding {certificateName}-{lb}.')
output keyVaultUri string = vault.outputs.uri

@description('The certificate (and secret) name of each LB.')
output certificateNames object[] = [for lb in fleet.loadBalancers: { lb: lb.name, certificate: '${certificateName}-${lb.name}' }]
