using LbAcme.Core.Keys;

namespace LbAcme.Renewal.Policy;

/// <summary>What the policy needs to know about the deployed-in-store certificate of one LB.</summary>
public sealed record CurrentCertificate(
    IReadOnlyCollection<string> Names,
    KeyType KeyType,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string? AriId)
{
    public TimeSpan Lifetime => NotAfter - NotBefore;
}
