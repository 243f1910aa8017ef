namespace LbAcme.Acme.Resources;

/// <summary>What to ask for in newOrder. <see cref="Replaces"/> is an ARI certificate id (RFC 9773 §5).</summary>
public sealed record NewOrderRequest(IReadOnlyList<string> DnsNames)
{
    public string? Profile { get; init; }

    public string? Replaces { get; init; }

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }
}
