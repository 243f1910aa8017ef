// The Functions host's own storage (timer leases and status, keys, the Flex Consumption deployment
// package) and the renewal work queue: RenewalTimer and Renew put one message per LB on lb-renewals,
// RenewLb takes them, and the host moves a message that failed maxDequeueCount times to lb-renewals-poison.
// Kept apart from the shared store so that the function's roles here grant nothing over challenges/,
// locks/, runs/ and status/, and the LBs never get any role on this account.

param location string
param name string

@description('Blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Queue of per-LB renewal work (the RenewLb trigger\'s queue).')
param renewalQueueName string = 'lb-renewals'

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
    // Identity only: AzureWebJobsStorage__accountName and the deployment container use the function's identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource renewalQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: renewalQueueName
}

// The host creates {queue}-poison on first use; created here so it exists (and can be watched) from the start.
resource poisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${renewalQueueName}-poison'
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerName string = deploymentContainer.name
@description('https://{account}.queue.core.windows.net/: RenewalQueue__queueServiceUri, read with the app\'s identity.')
output queueEndpoint string = account.properties.primaryEndpoints.queue
output renewalQueueName string = renewalQueue.name
output poisonQueueName string = poisonQueue.name
