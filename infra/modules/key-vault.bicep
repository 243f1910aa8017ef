// Key Vault for the LB certificates ({certName}-{lb}) and the fleet's ACME account key. RBAC only (no
// access policies), so every grant is a role assignment the template shows; soft delete and purge
// protection so a mistaken delete of a certificate can be recovered.

param location string
param name string

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
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
