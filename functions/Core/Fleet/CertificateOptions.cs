using LbAcme.Core.Keys;

namespace LbAcme.Core.Fleet;

/// <summary>
/// One certificate every LB of the fleet carries (an element of <c>Fleet:Certificates</c>): its stable name, the
/// service names (SANs) it covers, and optionally its own key type and ACME profile. Each LB gets its own copy,
/// ordered separately and stored as <see cref="FleetCertificates.StoreName"/>; HAProxy picks among them by SNI.
/// </summary>
public sealed class CertificateOptions
{
    /// <summary>Stable name: 1-40 lowercase letters, digits or '-'. Used in store names, state paths, metrics and logs.</summary>
    public string Name { get; set; } = "";

    /// <summary>The DNS names this certificate covers, e.g. api.example.com. Canonical once bound, like <see cref="FleetOptions.Names"/>.</summary>
    public List<string> Names { get; set; } = [];

    /// <summary>Key type of this certificate; unset: <see cref="FleetOptions.KeyType"/>.</summary>
    public KeyType? KeyType { get; set; }

    /// <summary>ACME profile of this certificate; unset: <see cref="FleetOptions.Profile"/>.</summary>
    public string? Profile { get; set; }

    /// <summary>Whether each LB's copy also carries that LB's <see cref="LoadBalancerOptions.ExtraName"/>.</summary>
    public bool CarriesLbExtraName { get; set; }

    /// <summary>
    /// A name of this certificate may also be in another certificate only when both say so (e.g. a wildcard-free
    /// migration where two certificates overlap for a while). Off by default: an SNI name should pick one certificate.
    /// </summary>
    public bool AllowNameOverlap { get; set; }
}
