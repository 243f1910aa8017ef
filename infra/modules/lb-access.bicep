// What one LB's identity may do: read the secret of each of its own certificates, read its own challenges/{lb}/
// prefix, and write its own status/{lb} blob. Nothing else in the vault or the store.

import { roleIds, blobActions, blobPathAttribute, blobPrefixAttribute } from '../roles.bicep'
import { storeName } from '../types.bicep'

param lb string
param principalId string
param vaultName string
param certificateName string

@description('The fleet\'s certificate names (Fleet:Certificates[*]:Name; [\'default\'] for the Fleet:Names shorthand): the LB reads {certificateName}-{lb} for \'default\', {certificateName}-{certificate}-{lb} for the others.')
param certificates string[] = ['default']
param storeAccountName string
param storeContainerName string
param statusWriterRoleId string

@description('False until the first renewal has created the certificate: a role assignment needs its secret to exist.')
param grantCertificateAccess bool

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

// Key Vault keeps a certificate's key and certificate in a secret of the same name.
resource certificateSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [
  for certificate in certificates: {
    parent: vault
    name: storeName(certificateName, certificate, lb)
  }
]

resource storeAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storeAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: storeContainerName
    }
  }
}

var challengePrefix = 'challenges/${lb}/'
var statusBlob = 'status/${lb}'

// Reading a blob must be under challenges/{lb}/, and so must the prefix of every listing (Blob.List).
var challengeReadCondition = '((!(ActionMatches{\'${blobActions.read}\'} AND NOT SubOperationMatches{\'Blob.List\'})) OR (${blobPathAttribute} StringStartsWith \'${challengePrefix}\')) AND ((!(ActionMatches{\'${blobActions.read}\'} AND SubOperationMatches{\'Blob.List\'})) OR (${blobPrefixAttribute} StringStartsWith \'${challengePrefix}\'))'

// Every data action of the status role only on the one blob status/{lb}; listings only of that name.
var statusWriteCondition = '((!(ActionMatches{\'${blobActions.read}\'} AND NOT SubOperationMatches{\'Blob.List\'}) AND !(ActionMatches{\'${blobActions.write}\'}) AND !(ActionMatches{\'${blobActions.add}\'})) OR (${blobPathAttribute} StringEquals \'${statusBlob}\')) AND ((!(ActionMatches{\'${blobActions.read}\'} AND SubOperationMatches{\'Blob.List\'})) OR (${blobPrefixAttribute} StringEquals \'${statusBlob}\'))'

resource certificateReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (certificate, i) in certificates: if (grantCertificateAccess) {
    name: guid(certificateSecrets[i].id, principalId, roleIds.keyVaultSecretsUser)
    scope: certificateSecrets[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: 'lb-acme ${lb}: read its own copy of certificate ${certificate} (${storeName(certificateName, certificate, lb)}) and nothing else in the vault'
    }
  }
]

resource challengeReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storeAccount::blobService::container.id, principalId, roleIds.storageBlobDataReader)
  scope: storeAccount::blobService::container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme ${lb}: read only ${challengePrefix}'
    condition: challengeReadCondition
    conditionVersion: '2.0'
  }
}

resource statusWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storeAccount::blobService::container.id, principalId, statusWriterRoleId)
  scope: storeAccount::blobService::container
  properties: {
    roleDefinitionId: statusWriterRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme ${lb}: write only ${statusBlob}'
    condition: statusWriteCondition
    conditionVersion: '2.0'
  }
}
