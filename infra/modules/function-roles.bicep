// What the renewal function's identity may do, and nothing more: manage certificates and the ACME account
// key secret in the vault, read and write the shared store's container, own its host storage's blobs (the
// Functions host keeps timer leases and keys there), send, read and delete messages of the renewal queues in
// that same account, and publish telemetry.

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

// The queue binding docs name Storage Queue Data Reader + Message Processor for a trigger and Queue Data
// Contributor or Message Sender for an output; RenewLb triggers, RenewalTimer/Renew enqueue, and the host
// writes failed messages to lb-renewals-poison. Queue Data Contributor covers all of it, on this one account.
resource hostQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, principalId, roleIds.storageQueueDataContributor)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme renewal: lb-renewals (enqueue, trigger) and lb-renewals-poison in the host storage'
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
