namespace LbAcme.Acme.Ari;

/// <summary>
/// The CA's advice for one certificate (RFC 9773 §4.2): renew inside [WindowStart, WindowEnd),
/// and ask again at <see cref="CheckAgainAt"/>.
/// </summary>
public sealed record RenewalInfo(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, Uri? ExplanationUrl, DateTimeOffset CheckAgainAt)
{
    /// <summary>A uniformly random moment in the window (RFC 9773 §4.2), so a fleet does not renew at once.</summary>
    public DateTimeOffset ChooseRenewalTime(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var span = WindowEnd - WindowStart;
        return WindowStart + TimeSpan.FromTicks((long)(random.NextDouble() * span.Ticks));
    }

    /// <summary>True when the window has started (or is wholly past, which means "renew now").</summary>
    public bool IsOpen(DateTimeOffset now) => now >= WindowStart;
}
