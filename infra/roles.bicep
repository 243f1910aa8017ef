// Built-in role definition ids (the same in every tenant) and the blob data actions the path conditions name.

@export()
var roleIds = {
  keyVaultCertificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // learn.microsoft.com/azure/role-based-access-control/built-in-roles (Integration): send to, and receive from, Service Bus entities.
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
}

@export()
var blobActions = {
  read: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
  write: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
  add: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
}

@export()
var blobPathAttribute = '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path]'

@export()
var blobPrefixAttribute = '@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix]'
