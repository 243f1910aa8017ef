// lb-acme, Azure side, in one resource-group deployment: the renewal function (isolated worker, .NET 10)
// with its identity, host storage, renewal queue and telemetry; the shared store; the Key Vault for the LB certificates; the least
// privilege role assignments for the function and for every LB; and the alerts. See infra/README.md.

import { fleetSettings, lbIdentity, fleetAppSettings, fleetCertificateNames, storeName } from 'types.bicep'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short prefix of every resource name: lowercase letters and digits, starting with a letter. Anything else is dropped from the names (storage account names take only lowercase letters and digits).')
@minLength(3)
@maxLength(9)
param namePrefix string = 'lbacme'

@description('Where the function app runs: Flex Consumption (default), Elastic Premium (EP1) or Dedicated (B1).')
@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string = 'FlexConsumption'

@description('NCRONTAB (six fields, UTC) of the renewal timer; hourly at minute 17 by default, so ARI is asked far more often than twice a day.')
param renewalSchedule string = '0 17 * * * *'

@description('Certificates are named {certificateName}-{lb} in the vault ({certificateName}-{certificate}-{lb} for a Fleet:Certificates entry other than \'default\').')
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

@description('Changes the Key Vault\'s name (and only its name). Use a new value when the resource group was deleted and redeployed while its old vault is soft-deleted and purge protected: that name is blocked for the retention period (infra/README.md).')
@maxLength(20)
param vaultNameSalt string = ''

@description('Recover the soft-deleted vault of the same name (createMode recover) instead of creating it; true only for the one deployment that brings the vault back (infra/README.md).')
param recoverKeyVault bool = false

@description('Route the vault\'s new-certificate-version events to each LB through Event Grid and a Service Bus Standard namespace (one subscription per LB, filtered to its certificates), so an LB\'s daprd wakes lb-sidecar at once instead of at its next poll (infra/README.md: certificate events).')
param certificateEvents bool = false

@description('Alert when a certificate has fewer days left than this (inside the renewal backstop).')
param expiryAlertDays int = 15

@description('E-mail addresses the alerts notify.')
param alertEmails string[] = []

// Bicep cannot check a pattern before deployment (assert is still an experimental feature), so the names use
// namePrefix with everything but lowercase letters and digits dropped, and a leading letter added when it
// has none: every derived name is valid whatever was passed (storage accounts: 3-24 lowercase letters and
// digits; Key Vault: starts with a letter, no double hyphens). A valid prefix is used unchanged.
var alphabet = 'abcdefghijklmnopqrstuvwxyz'
var prefixKept = join(filter(map(range(0, length(namePrefix)), i => substring(toLower(namePrefix), i, 1)), c => contains('${alphabet}0123456789', c)), '')
var prefix = !empty(prefixKept) && contains(alphabet, first(prefixKept)) ? prefixKept : 'lb${prefixKept}'

var token = uniqueString(resourceGroup().id, namePrefix)
var vaultToken = empty(vaultNameSalt) ? token : uniqueString(resourceGroup().id, namePrefix, vaultNameSalt)
var storeAccountName = take('${prefix}st${token}', 24)
var hostStorageName = take('${prefix}fn${token}', 24)
var vaultName = take('${prefix}-kv-${vaultToken}', 24)
var appName = '${prefix}-renewal-${token}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: '${prefix}-logs-${token}'
    appInsightsName: '${prefix}-ai-${token}'
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
    workspaceId: monitoring.outputs.workspaceId
    recover: recoverKeyVault
  }
}

// What LbAcme.Functions reads: the timer schedule, the queue connection RenewalQueue (identity-based: the
// host storage's queue endpoint), and the engine's settings (functions/Renewal/Engine/RenewalServiceCollectionExtensions.cs).
var renewalSettings = concat(
  [
    { name: 'RenewalSchedule', value: renewalSchedule }
    { name: 'RenewalQueue__queueServiceUri', value: hostStorage.outputs.queueEndpoint }
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
    planName: '${prefix}-plan-${token}'
    appName: appName
    hostingPlan: hostingPlan
    hostStorageName: hostStorage.outputs.name
    hostStorageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: hostStorage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    workspaceId: monitoring.outputs.workspaceId
    renewalSettings: renewalSettings
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
      certificates: fleetCertificateNames(fleet)
      storeAccountName: store.outputs.name
      storeContainerName: store.outputs.containerName
      statusWriterRoleId: statusWriterRole.outputs.id
      grantCertificateAccess: grantLbCertificateAccess
    }
  }
]

module events 'modules/certificate-events.bicep' = if (certificateEvents) {
  name: 'certificate-events'
  params: {
    location: location
    namespaceName: '${prefix}-sb-${token}'
    vaultName: vault.outputs.name
    certificateName: certificateName
    certificates: fleetCertificateNames(fleet)
    loadBalancers: map(fleet.loadBalancers, lb => lb.name)
    lbIdentities: lbIdentities
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    namePrefix: prefix
    workspaceId: monitoring.outputs.workspaceId
    expiryAlertDays: expiryAlertDays
    renewalSchedule: renewalSchedule
    alertEmails: alertEmails
  }
}

@description('The function app to deploy the package to (infra/package-functions.sh).')
output functionAppName string = functionApp.outputs.name

@description('Shared store for every sidecar: Sidecar:Store:ServiceUri and Sidecar:Store:Container.')
output storeServiceUri string = store.outputs.blobEndpoint
output storeContainer string = store.outputs.containerName

@description('The renewal queue and its poison queue in the host storage account (infra/README.md: looking at the poison queue).')
output hostStorageAccount string = hostStorage.outputs.name
output renewalQueue string = hostStorage.outputs.renewalQueueName
output renewalPoisonQueue string = hostStorage.outputs.poisonQueueName

@description('Key Vault holding {certificateName}-{lb}.')
output keyVaultUri string = vault.outputs.uri

@description('Sidecar:CertificateSync:CertificateName: each LB reads {certificateName}-{lb}.')
output certificateName string = certificateName

@description('The certificate (and secret) name of each LB: the first certificate\'s (the fleet\'s only one with names).')
output certificateNames object[] = [for lb in fleet.loadBalancers: { lb: lb.name, certificate: storeName(certificateName, fleetCertificateNames(fleet)[0], lb.name) }]

@description('Every (certificate, LB) pair\'s certificate (and secret) name in the vault.')
output storeNames object[] = flatten(map(fleetCertificateNames(fleet), c => map(fleet.loadBalancers, lb => { lb: lb.name, certificate: c, name: storeName(certificateName, c, lb.name) })))

@description('Sidecar:CertificateSync:Dapr:ServiceBusNamespace (render dapr\'s pub/sub namespaceName); empty without certificateEvents.')
output serviceBusNamespaceHost string = certificateEvents ? events!.outputs.namespaceHost : ''

@description('Sidecar:CertificateSync:Dapr:Topic; empty without certificateEvents.')
output certificateEventsTopic string = certificateEvents ? events!.outputs.topicName : ''
