using LbAcme.Core.Keys;

namespace LbAcme.Core.Fleet;

/// <summary>
/// One certificate of the fleet, resolved (<see cref="FleetCertificates.All"/>): defaults applied, names canonical.
/// <see cref="IsDefault"/> marks the certificate named <see cref="FleetCertificates.DefaultName"/>, whose store
/// names and state paths are the ones every fleet had before <c>Fleet:Certificates</c> existed.
/// </summary>
public sealed record FleetCertificate(
    string Name,
    IReadOnlyList<string> Names,
    KeyType KeyType,
    string? Profile,
    bool CarriesLbExtraName,
    bool AllowNameOverlap)
{
    public bool IsDefault => Name == FleetCertificates.DefaultName;
}
