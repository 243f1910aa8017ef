namespace LbAcme.Core.Fleet;

/// <summary>
/// When to renew. ARI (RFC 9773) decides first; the backstop fractions apply when ARI is silent. Lifetimes
/// are read from each certificate, never assumed to be 90 days.
/// </summary>
public sealed class RenewalPolicyOptions
{
    /// <summary>How often ARI is asked; Let's Encrypt wants at least twice a day.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Renew when less than this fraction of the lifetime is left.</summary>
    public double BackstopRemainingFraction { get; set; } = 1.0 / 3;

    /// <summary>The backstop for certificates that live under 10 days.</summary>
    public double ShortLivedBackstopRemainingFraction { get; set; } = 0.5;

    /// <summary>Gap between first issuances of different LBs (identical name sets share a 5-per-7-days limit).</summary>
    public TimeSpan FirstIssuanceStagger { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The share of each Let's Encrypt limit the fleet may use (0.9: 45 of 50 per registered domain), leaving room for
    /// other clients on the same domain and for an operator's forced order.
    /// </summary>
    public double UsableLimitFraction { get; set; } = 0.9;
}
