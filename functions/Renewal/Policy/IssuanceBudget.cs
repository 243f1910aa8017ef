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

    /// <summary>
    /// As above, and also at least <paramref name="stagger"/> after the latest counted issuance, so LBs sharing a
    /// name set do not all spend the budget in the same minute.
    /// </summary>
    public static DateTimeOffset NextAllowed(IReadOnlyCollection<DateTimeOffset> recentIssuances, DateTimeOffset now, TimeSpan stagger)
    {
        ArgumentNullException.ThrowIfNull(recentIssuances);
        var next = NextAllowed(recentIssuances, now);
        if (recentIssuances.Count > 0 && recentIssuances.Max() + stagger > next)
        {
            next = recentIssuances.Max() + stagger;
        }
        return next;
    }
}
