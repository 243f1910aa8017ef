using LbAcme.Core.Keys;

namespace LbAcme.Renewal.Policy;

/// <summary>
/// What the policy needs to know about the deployed-in-store certificate of one LB. <paramref name="FromAnotherDirectory"/>:
/// it was issued through another ACME directory than the engine's (see CurrentCertificates for how that is told).
/// </summary>
public sealed record CurrentCertificate(
    IReadOnlyCollection<string> Names,
    KeyType KeyType,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string? AriId,
    bool FromAnotherDirectory = false)
{
    public TimeSpan Lifetime => NotAfter - NotBefore;
}
