namespace LbAcme.Acme.Ari;

/// <summary>The JSON body of a renewalInfo response.</summary>
internal sealed record RenewalInfoResource
{
    public SuggestedWindow? SuggestedWindow { get; init; }

    public Uri? ExplanationUrl { get; init; }
}

internal sealed record SuggestedWindow
{
    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }
}
