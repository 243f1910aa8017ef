namespace LbAcme.Acme.Resources;

/// <summary>RFC 8555 §7.1.2 account object.</summary>
public sealed record AccountResource
{
    public string Status { get; init; } = string.Empty;

    public IReadOnlyList<string> Contact { get; init; } = [];

    public bool? TermsOfServiceAgreed { get; init; }

    public Uri? Orders { get; init; }
}
