using LbAcme.Acme.Problems;

namespace LbAcme.Acme.Resources;

/// <summary>RFC 8555 §7.1.3 order object, with "profile" and "replaces" when the CA echoes them.</summary>
public sealed record OrderResource
{
    public string Status { get; init; } = string.Empty;

    public DateTimeOffset? Expires { get; init; }

    public IReadOnlyList<AcmeIdentifier> Identifiers { get; init; } = [];

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }

    public AcmeProblem? Error { get; init; }

    public IReadOnlyList<Uri> Authorizations { get; init; } = [];

    public Uri? Finalize { get; init; }

    public Uri? Certificate { get; init; }

    public string? Profile { get; init; }

    public string? Replaces { get; init; }

    internal void Validate(Uri source)
    {
        if (string.IsNullOrEmpty(Status) || Finalize is null)
        {
            throw new AcmeProtocolException("The order lacks \"status\" or \"finalize\".", source);
        }
        if (Status == AcmeStatus.Valid && Certificate is null)
        {
            throw new AcmeProtocolException("The order is valid but names no \"certificate\".", source);
        }
    }
}
