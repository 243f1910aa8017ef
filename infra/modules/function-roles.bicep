// What the renewal function's identity may do, and nothing more: manage certificates and the ACME account
// key secret in the vault, read and write the shared store's container, own its host storage (the Functions
// host keeps timer leases and keys there) and publish telemetry.

import { roleIds } from '../roles.bicep'

param principalId string
param vaultName string
param hostStorageName string
param storeAccountName string
param storeContainerName string
param appInsightsName string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageName
}

resource storeAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storeAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: storeContainerName
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource certificatesOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, roleIds.keyVaultCertificatesOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultCertificatesOfficer)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme renewal: import each LB\'s certificate'
  }
}

resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, roleIds.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsOfficer)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme renewal: keep the fleet\'s ACME account key secret'
  }
}

resource hostStorageOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, principalId, roleIds.storageBlobDataOwner)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme renewal: Functions host storage (AzureWebJobsStorage, deployment package)'
  }
}

resource storeContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storeAccount::blobService::container.id, principalId, roleIds.storageBlobDataContributor)
  scope: storeAccount::blobService::container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme renewal: challenges, locks, runs and status in the shared store'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme renewal: send telemetry with Entra ID auth (local auth is off)'
  }
}
