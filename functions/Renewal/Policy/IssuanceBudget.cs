namespace LbAcme.Renewal.Policy;

/// <summary>
/// Let's Encrypt allows 5 certificates per exact set of names per 7 days (one back every 34 h); LBs that
/// share one name set count together. ARI renewals with "replaces" are exempt, first issuance is not —
/// so first issuance of LBs sharing a name set is staggered through this budget.
/// </summary>
public static class IssuanceBudget
{
    public const int CertificatesPerWindow = 5;
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>When the next non-exempt certificate for this name set may be ordered; now when there is room.</summary>
    public static DateTimeOffset NextAllowed(IEnumerable<DateTimeOffset> recentIssuances, DateTimeOffset now, int limit = CertificatesPerWindow)
    {
        ArgumentNullException.ThrowIfNull(recentIssuances);
        var inWindow = recentIssuances.Where(t => t > now - Window).Order().ToList();
        return inWindow.Count < limit ? now : inWindow[inWindow.Count - limit] + Window;
    }
}
