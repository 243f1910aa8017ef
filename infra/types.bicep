// Shapes shared by main.bicep and its modules, and the one function that turns the fleet description into
// the Fleet__* app settings the function app binds (the same schema as fleet.json's "Fleet" section).

@export()
@description('One load balancer of the fleet, as in Fleet:LoadBalancers[*].')
type loadBalancer = {
  @description('Short stable name (lowercase letters, digits, -); used in store paths and certificate names.')
  name: string

  @description('The LB\'s own (non-virtual) IP address; peers connect to it.')
  address: string

  @description('Peers-only challenge port (default 31080).')
  peerPort: int?

  @description('Public challenge port the CA reaches through the VIPs (default 80).')
  httpPort: int?

  @description('Optional name only this LB\'s certificate carries, e.g. lb0.svc.example.com.')
  extraName: string?
}

@export()
@description('One certificate every LB carries, as in Fleet:Certificates[*]; HAProxy picks among them by SNI.')
type certificate = {
  @description('Stable name: 1-40 lowercase letters, digits or -. \'default\' keeps the store names of a fleet that used names.')
  name: string

  @description('DNS names (SANs) of this certificate.')
  names: string[]

  @description('Key type of this certificate; unset: the fleet\'s keyType.')
  keyType: string?

  @description('ACME profile of this certificate; unset: the fleet\'s profile.')
  profile: string?

  @description('Whether each LB\'s copy also carries that LB\'s extraName.')
  carriesLbExtraName: bool?

  @description('A name may be in two certificates only when both set this.')
  allowNameOverlap: bool?
}

@export()
@description('The parts of the fleet description the renewal function reads (Fleet section).')
type fleetSettings = {
  @description('DNS names (SANs) of the one certificate every LB carries (the shorthand); give names or certificates, not both.')
  names: string[]?

  @description('Several certificates per LB, each with its own names; give names or certificates, not both.')
  certificates: certificate[]?

  @description('ACME directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory.')
  acmeDirectoryUrl: string

  @description('Account contacts, e.g. mailto:ops@example.com.')
  contact: string[]?

  @description('EcP256 (default), EcP384, Rsa2048, Rsa3072 or Rsa4096.')
  keyType: string?

  @description('Optional ACME profile, e.g. tlsserver.')
  profile: string?

  loadBalancers: loadBalancer[]

  @description('The keepalived virtual IPs the service name resolves to.')
  vips: string[]?
}

@export()
@description('The managed identity of one LB (a VM\'s system-assigned or a user-assigned identity).')
type lbIdentity = {
  @description('Fleet:LoadBalancers[*]:Name of the LB.')
  lb: string

  @description('Object (principal) id of the identity the LB\'s sidecar signs in with.')
  principalId: string
}

@export()
@description('Name/value pairs in the shape Microsoft.Web/sites siteConfig.appSettings takes.')
type appSetting = {
  name: string
  value: string
}

@export()
@description('Fleet__* app settings for a fleet description: list items become __0, __1, ... as .NET configuration binds them.')
func fleetAppSettings(fleet fleetSettings) appSetting[] =>
  flatten([
    map(range(0, length(fleet.?names ?? [])), i => { name: 'Fleet__Names__${i}', value: fleet.names![i] })
    flatten(map(range(0, length(fleet.?certificates ?? [])), i => certificateAppSettings(i, fleet.certificates![i])))
    [{ name: 'Fleet__AcmeDirectoryUrl', value: fleet.acmeDirectoryUrl }]
    map(range(0, length(fleet.?contact ?? [])), i => { name: 'Fleet__Contact__${i}', value: fleet.contact![i] })
    [{ name: 'Fleet__KeyType', value: fleet.?keyType ?? 'EcP256' }]
    empty(fleet.?profile ?? '') ? [] : [{ name: 'Fleet__Profile', value: fleet.profile! }]
    flatten(map(range(0, length(fleet.loadBalancers)), i => loadBalancerAppSettings(i, fleet.loadBalancers[i])))
    map(range(0, length(fleet.?vips ?? [])), i => { name: 'Fleet__Vips__${i}', value: fleet.vips![i] })
  ])

func certificateAppSettings(index int, certificate certificate) appSetting[] =>
  flatten([
    [{ name: 'Fleet__Certificates__${index}__Name', value: certificate.name }]
    map(range(0, length(certificate.names)), i => { name: 'Fleet__Certificates__${index}__Names__${i}', value: certificate.names[i] })
    empty(certificate.?keyType ?? '') ? [] : [{ name: 'Fleet__Certificates__${index}__KeyType', value: certificate.keyType! }]
    empty(certificate.?profile ?? '') ? [] : [{ name: 'Fleet__Certificates__${index}__Profile', value: certificate.profile! }]
    [
      { name: 'Fleet__Certificates__${index}__CarriesLbExtraName', value: string(certificate.?carriesLbExtraName ?? false) }
      { name: 'Fleet__Certificates__${index}__AllowNameOverlap', value: string(certificate.?allowNameOverlap ?? false) }
    ]
  ])

@export()
@description('The certificate names of a fleet description: \'default\' for the names shorthand, else each certificate\'s.')
func fleetCertificateNames(fleet fleetSettings) string[] =>
  empty(fleet.?certificates ?? []) ? ['default'] : map(fleet.certificates!, c => c.name)

@export()
@description('The vault name of an LB\'s copy of a certificate (FleetCertificates.StoreName): {prefix}-{lb} for \'default\', {prefix}-{certificate}-{lb} otherwise.')
func storeName(prefix string, certificate string, lb string) string =>
  certificate == 'default' ? '${prefix}-${lb}' : '${prefix}-${certificate}-${lb}'

func loadBalancerAppSettings(index int, lb loadBalancer) appSetting[] =>
  flatten([
    [
      { name: 'Fleet__LoadBalancers__${index}__Name', value: lb.name }
      { name: 'Fleet__LoadBalancers__${index}__Address', value: lb.address }
      { name: 'Fleet__LoadBalancers__${index}__PeerPort', value: string(lb.?peerPort ?? 31080) }
      { name: 'Fleet__LoadBalancers__${index}__HttpPort', value: string(lb.?httpPort ?? 80) }
    ]
    empty(lb.?extraName ?? '') ? [] : [{ name: 'Fleet__LoadBalancers__${index}__ExtraName', value: lb.extraName! }]
  ])

@export()
@description('The names the Bicep shares with lb-sidecar and daprd (functions/Core/Dapr/DaprNames.cs; an infra test holds them equal).')
var daprNames = {
  // DaprNames.Topic: the Service Bus topic the vault's certificate events reach.
  topic: 'certificate-versions'
  // DaprNames.ObjectNameProperty: the application property Event Grid sets from data.ObjectName.
  objectNameProperty: 'objectName'
  // DaprNames.CertificateNewVersionCreated.
  certificateNewVersionCreated: 'Microsoft.KeyVault.CertificateNewVersionCreated'
}

