namespace LbAcme.Renewal.Status;

/// <summary>
/// When a served leaf counts as expiring: a third of its lifetime left, or 14 days, whichever comes first (the larger
/// of the two). The 14 days hold only up to half the lifetime: a 6-day certificate is under 14 days from its first
/// minute, and calling every short-lived certificate expiring would make the state mean nothing; half is where the
/// renewal policy's backstop sits for certificates under 10 days. So 90 days: 30 days left; 45 days: 15; 30 days: 14;
/// 6 days: 3. The boundary itself counts as expiring.
/// </summary>
public static class ExpiryWindow
{
    public static readonly TimeSpan Floor = TimeSpan.FromDays(14);

    /// <summary>How much time left makes a leaf of this lifetime expiring (the 14 days alone when the lifetime is unknown).</summary>
    public static TimeSpan For(DateTimeOffset? notBefore, DateTimeOffset notAfter)
    {
        if (notBefore is not { } start || start >= notAfter)
        {
            return Floor;
        }
        var lifetime = notAfter - start;
        var third = lifetime / 3;
        var floor = lifetime / 2 < Floor ? lifetime / 2 : Floor;
        return third > floor ? third : floor;
    }

    public static bool IsExpiring(DateTimeOffset? notBefore, DateTimeOffset notAfter, DateTimeOffset now) =>
        notAfter - now <= For(notBefore, notAfter);
}
