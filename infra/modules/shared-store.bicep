// The shared store: one container holding challenges/{lb}/, locks/{lb}, runs/ and status/{lb}
// (functions/Core/Store/StoreLayout.cs). Identity-only access; a lifecycle rule removes challenge blobs an
// aborted order left behind, and old run journals.

param location string
param name string
param containerName string

@description('Challenge blobs older than this many days are deleted (orders take minutes; anything older is litter).')
@minValue(1)
param challengeRetentionDays int = 1

@description('Run journals (runs/) older than this many days are deleted.')
@minValue(1)
param runRetentionDays int = 90

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Role assignments (with path conditions for the LBs) are the only way in; no keys, no SAS from keys.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-stale-challenges'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${container.name}/challenges/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: challengeRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'delete-old-runs'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${container.name}/runs/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: runRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output containerName string = container.name
