// A custom role for the LBs' status reports: blob read/write/create data actions and no control-plane
// actions. Storage Blob Data Contributor would also carry containers/delete and containers/write on the
// management plane, where ABAC conditions do not reach: an LB could delete the whole shared store.
//
// A custom role's name must be unique in the tenant, so it carries this resource group's name and a hash of
// the subscription and resource group: two deployments (other subscription, same group name) never collide.
// Role definitions live at subscription level; assignments reference it by its subscription-scoped id.

import { blobActions } from '../roles.bicep'

resource statusWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  // resourceGroup().id holds the subscription id: this id is already unique; kept so existing definitions update in place.
  name: guid(resourceGroup().id, 'lb-acme-status-writer')
  properties: {
    roleName: 'lb-acme status writer (${resourceGroup().name} ${uniqueString(subscription().id, resourceGroup().id)})'
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

@description('/subscriptions/{id}/providers/Microsoft.Authorization/roleDefinitions/{guid}: what a role assignment\'s roleDefinitionId takes.')
output id string = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', statusWriter.name)
output roleName string = statusWriter.properties.roleName
