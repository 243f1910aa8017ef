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
    /// As above, and also at least <paramref name="stagger"/> after the latest counted issuance of another LB, so LBs
    /// sharing a name set do not all spend the budget in the same minute. The LB's own earlier reservations do not
    /// stagger it: a retry after a killed or failed attempt is not a second LB crowding in.
    /// </summary>
    public static DateTimeOffset NextAllowed(IReadOnlyCollection<DateTimeOffset> recentIssuances, IReadOnlyCollection<DateTimeOffset> otherLbsIssuances, DateTimeOffset now, TimeSpan stagger)
    {
        ArgumentNullException.ThrowIfNull(recentIssuances);
        ArgumentNullException.ThrowIfNull(otherLbsIssuances);
        var next = NextAllowed(recentIssuances, now);
        if (otherLbsIssuances.Count > 0 && otherLbsIssuances.Max() + stagger > next)
        {
            next = otherLbsIssuances.Max() + stagger;
        }
        return next;
    }
}
