using LbAcme.Acme.Problems;

namespace LbAcme.Acme.Resources;

/// <summary>RFC 8555 §8 challenge object.</summary>
public sealed record ChallengeResource
{
    public string Type { get; init; } = string.Empty;

    public Uri? Url { get; init; }

    public string Status { get; init; } = string.Empty;

    public string? Token { get; init; }

    public DateTimeOffset? Validated { get; init; }

    public AcmeProblem? Error { get; init; }
}
