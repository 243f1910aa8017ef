using 'main.bicep'

// An example fleet of three LBs; copy, edit, and pass with --parameters (infra/README.md).
param namePrefix = 'lbacme'
param hostingPlan = 'FlexConsumption'
param renewalSchedule = '0 17 * * * *'
param certificateName = 'lbacme'
param fleet = {
  names: ['svc.example.com']
  acmeDirectoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory'
  contact: ['mailto:ops@example.com']
  keyType: 'EcP256'
  loadBalancers: [
    { name: 'lb0', address: '192.0.2.10', extraName: 'lb0.svc.example.com' }
    { name: 'lb1', address: '192.0.2.11', extraName: 'lb1.svc.example.com' }
    { name: 'lb2', address: '192.0.2.12', extraName: 'lb2.svc.example.com' }
  ]
  vips: ['198.51.100.1', '198.51.100.2', '198.51.100.3']
}
// Object ids of the LBs' managed identities (az vm identity show ... --query principalId).
param lbIdentities = [
  { lb: 'lb0', principalId: '00000000-0000-0000-0000-000000000000' }
  { lb: 'lb1', principalId: '00000000-0000-0000-0000-000000000001' }
  { lb: 'lb2', principalId: '00000000-0000-0000-0000-000000000002' }
]
param grantLbCertificateAccess = true
// Only after a teardown whose vault is still soft-deleted (infra/README.md): a new salt, or recover the old vault once.
param vaultNameSalt = ''
param recoverKeyVault = false
// Event Grid + Service Bus Standard (infra/README.md: certificate events); then render dapr on each LB.
param certificateEvents = false
param expiryAlertDays = 15
param alertEmails = ['ops@example.com']
