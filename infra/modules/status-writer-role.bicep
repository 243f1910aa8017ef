// A custom role for the LBs' status reports: blob read/write/create data actions and no control-plane
// actions. Storage Blob Data Contributor would also carry containers/delete and containers/write on the
// management plane, where ABAC conditions do not reach: an LB could delete the whole shared store.

import { blobActions } from '../roles.bicep'

resource statusWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'lb-acme-status-writer')
  properties: {
    roleName: 'lb-acme status writer (${resourceGroup().name})'
    description: 'Read and write blobs; each assignment narrows it to one LB\'s status/{lb} with a path condition.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          blobActions.read
          blobActions.write
          blobActions.add
        ]
        notDataActions: []
      }
    ]
  }
}

output id string = statusWriter.id
