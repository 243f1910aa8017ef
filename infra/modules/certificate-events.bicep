// The optional event path (main.bicep's certificateEvents): Key Vault's CertificateNewVersionCreated events go
// through an Event Grid system topic on the vault to one Service Bus topic, and each LB's own subscription on it
// keeps only the events of that LB's certificates (a SQL filter on the objectName application property, which the
// Event Grid subscription sets from data.ObjectName). Each LB's daprd receives from its subscription with the LB's
// identity, which may only receive, and only from that subscription. Nobody holds a key: local (SAS) auth is off.

import { roleIds } from '../roles.bicep'
import { daprNames, storeName } from '../types.bicep'

param location string

@description('The Service Bus namespace (6-50 letters, digits and -, globally unique).')
param namespaceName string

@description('The vault whose certificate events are routed.')
param vaultName string

@description('Engine:CertificateName: an LB\'s copy of a certificate is storeName(certificateName, certificate, lb).')
param certificateName string

@description('The fleet\'s certificate names (fleetCertificateNames).')
param certificates string[]

@description('The fleet\'s LB names: one subscription each.')
param loadBalancers string[]

@description('Each LB\'s managed identity: {lb, principalId}.')
param lbIdentities { lb: string, principalId: string }[]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

// Standard: topics and subscriptions need it (Basic has queues only).
resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

// An event is a hint to read the vault now; one older than the poll interval is worth nothing, so messages expire
// after an hour instead of piling up for an LB that is down (the poll catches it up when it returns).
resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: daprNames.topic
  properties: {
    defaultMessageTimeToLive: 'PT1H'
    maxSizeInMegabytes: 1024
  }
}

// Named after the LB: DaprNames.ServiceBusSubscription(lb), the consumerID of that LB's pub/sub component.
resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for lb in loadBalancers: {
    parent: topic
    name: lb
    properties: {
      defaultMessageTimeToLive: 'PT1H'
      lockDuration: 'PT1M'
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: false
      deadLetteringOnFilterEvaluationExceptions: false
    }
  }
]

// A subscription starts with a $Default rule that takes every message; declaring $Default replaces it with the
// LB's filter, so no other LB's certificate event ever reaches it.
resource filters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (lb, i) in loadBalancers: {
    parent: subscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        sqlExpression: '${daprNames.objectNameProperty} IN (${join(map(certificates, c => '\'${storeName(certificateName, c, lb)}\''), ', ')})'
      }
    }
  }
]

resource vaultEvents 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${vaultName}-events'
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: vault.id
    topicType: 'Microsoft.KeyVault.vaults'
  }
}

resource eventSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, vaultEvents.id, roleIds.serviceBusDataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
    principalId: vaultEvents.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'lb-acme: the vault\'s Event Grid system topic sends certificate events to ${daprNames.topic} and nowhere else'
  }
}

resource newVersions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: vaultEvents
  name: 'certificate-new-versions'
  dependsOn: [eventSender]
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    filter: {
      includedEventTypes: [daprNames.certificateNewVersionCreated]
    }
    // The system topic's own identity delivers (Data Sender on the topic above): no connection string anywhere.
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'ServiceBusTopic'
        properties: {
          resourceId: topic.id
          deliveryAttributeMappings: [
            {
              name: daprNames.objectNameProperty
              type: 'Dynamic'
              properties: {
                sourceField: 'data.ObjectName'
              }
            }
          ]
        }
      }
    }
    // Retry briefly: after an hour the poll has found the version anyway.
    retryPolicy: {
      maxDeliveryAttempts: 10
      eventTimeToLiveInMinutes: 60
    }
  }
}

resource lbSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' existing = [
  for identity in lbIdentities: {
    parent: topic
    name: identity.lb
  }
]

resource eventReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (identity, i) in lbIdentities: {
    name: guid(lbSubscriptions[i].id, identity.principalId, roleIds.serviceBusDataReceiver)
    scope: lbSubscriptions[i]
    dependsOn: [subscriptions]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataReceiver)
      principalId: identity.principalId
      principalType: 'ServicePrincipal'
      description: 'lb-acme ${identity.lb}: receive its own certificate events (subscription ${identity.lb}) and nothing else'
    }
  }
]

@description('Sidecar:CertificateSync:Dapr:ServiceBusNamespace: the namespace\'s host name (the pub/sub component\'s namespaceName).')
output namespaceHost string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]

output topicName string = topic.name
