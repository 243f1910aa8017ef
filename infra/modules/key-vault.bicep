// Key Vault for the LB certificates ({certName}-{lb}) and the fleet's ACME account key. RBAC only (no
// access policies), so every grant is a role assignment the template shows; soft delete and purge
// protection so a mistaken delete of a certificate can be recovered. Every data-plane access is audited
// (AuditEvent) into the Log Analytics workspace.

param location string
param name string

@description('Log Analytics workspace the AuditEvent resource logs go to.')
param workspaceId string

@description('True recovers the soft-deleted vault of this name (createMode recover) instead of creating one; fails when there is none (infra/README.md).')
param recover bool = false

@description('Days a deleted certificate or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    createMode: recover ? 'recover' : 'default'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'vault-audit'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
