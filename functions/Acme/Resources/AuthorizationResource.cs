using LbAcme.Acme.Problems;

namespace LbAcme.Acme.Resources;

/// <summary>RFC 8555 §7.1.4 authorization object.</summary>
public sealed record AuthorizationResource
{
    public string Status { get; init; } = string.Empty;

    public AcmeIdentifier? Identifier { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public IReadOnlyList<ChallengeResource> Challenges { get; init; } = [];

    public bool Wildcard { get; init; }

    public ChallengeResource? Http01 => Challenges.FirstOrDefault(c => c.Type == "http-01");

    /// <summary>The first challenge error, the reason the CA gives for an invalid authorization.</summary>
    public AcmeProblem? FirstError => Challenges.Select(c => c.Error).FirstOrDefault(e => e is not null);

    internal void Validate(Uri source)
    {
        if (string.IsNullOrEmpty(Status) || Identifier is null)
        {
            throw new AcmeProtocolException("The authorization lacks \"status\" or \"identifier\".", source);
        }
    }
}
