using LbAcme.Acme.Resources;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// One order to place: for which LB (and fleet, for the self-test targets), with which account, names, key type,
/// ACME profile (the certificate's, which defaults to the fleet's) and "replaces".
/// </summary>
public sealed record OrderRequest(AcmeAccount Account, FleetOptions Fleet, LoadBalancerOptions Lb, IReadOnlyList<string> Names, KeyType KeyType, string? Replaces, string? Profile);
