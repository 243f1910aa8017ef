using LbAcme.Acme.Ari;
using LbAcme.Core.Keys;
using LbAcme.Core.Names;

namespace LbAcme.Renewal.Policy;

/// <summary>
/// When to renew, from the certificate itself, never from a hard-coded lifetime (Let's Encrypt moves from
/// 90 to 64 to 45 days, and "shortlived" is 160 hours):
/// missing, issued through another ACME directory, names or key type changed → now; ARI window open (at a stable random time inside it) → now;
/// backstop: a third of the lifetime left (half for certificates under 10 days) → now. Otherwise look
/// again at the earliest of: ARI's own check-again time, the chosen ARI time, the backstop, and 12 hours
/// (so ARI is checked at least twice a day).
/// </summary>
public static class RenewalPolicy
{
    public static readonly TimeSpan MaxCheckInterval = TimeSpan.FromHours(12);
    public static readonly TimeSpan ShortLivedThreshold = TimeSpan.FromDays(10);

    public static RenewalDecision Decide(
        CurrentCertificate? current,
        IReadOnlyCollection<string> wantedNames,
        KeyType wantedKeyType,
        RenewalInfo? ari,
        DateTimeOffset now,
        BackstopFractions? backstop = null,
        TimeSpan? maxCheckInterval = null)
    {
        ArgumentNullException.ThrowIfNull(wantedNames);
        if (current is null)
        {
            return RenewalDecision.Now(RenewalReason.Missing, now);
        }
        if (current.FromAnotherDirectory)
        {
            // No "replaces": ARI's CertID names a certificate of the old CA, which the new one cannot replace.
            return RenewalDecision.Now(RenewalReason.DirectoryChanged, now);
        }
        var replaces = Overlaps(current.Names, wantedNames) ? current.AriId : null;
        if (!SameNames(current.Names, wantedNames))
        {
            return RenewalDecision.Now(RenewalReason.NamesChanged, now, replaces);
        }
        if (current.KeyType != wantedKeyType)
        {
            return RenewalDecision.Now(RenewalReason.KeyTypeChanged, now, replaces);
        }
        var backstopAt = BackstopTime(current, backstop ?? BackstopFractions.Default);
        if (now >= backstopAt)
        {
            return RenewalDecision.Now(RenewalReason.Backstop, now, replaces);
        }
        var interval = maxCheckInterval is { } asked && asked < MaxCheckInterval ? asked : MaxCheckInterval;
        var next = Min(backstopAt, now + interval);
        if (ari is not null)
        {
            var chosen = StableTimeInWindow(ari, current);
            if (now >= chosen)
            {
                return RenewalDecision.Now(RenewalReason.AriWindow, now, replaces);
            }
            next = Min(next, Min(chosen, ari.CheckAgainAt));
        }
        return RenewalDecision.Later(next);
    }

    /// <summary>NotAfter minus a third of the lifetime (a half below 10 days), or the configured fractions.</summary>
    public static DateTimeOffset BackstopTime(CurrentCertificate current, BackstopFractions? fractions = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var f = fractions ?? BackstopFractions.Default;
        var lifetime = current.Lifetime;
        var keep = lifetime * (lifetime < ShortLivedThreshold ? f.ShortLived : f.Normal);
        return current.NotAfter - keep;
    }

    /// <summary>
    /// A random time in the ARI window that stays the same across checks for the same certificate and
    /// window: re-drawing at every check would bunch renewals at the start of the window.
    /// </summary>
    public static DateTimeOffset StableTimeInWindow(RenewalInfo ari, CurrentCertificate current)
    {
        ArgumentNullException.ThrowIfNull(ari);
        ArgumentNullException.ThrowIfNull(current);
        var seed = StableSeed($"{current.AriId}|{ari.WindowStart.UtcTicks}|{ari.WindowEnd.UtcTicks}");
        return ari.ChooseRenewalTime(new Random(seed));
    }

    private static bool SameNames(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b) =>
        Normalize(a).SetEquals(Normalize(b));

    private static bool Overlaps(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b) => Normalize(a).Overlaps(Normalize(b));

    private static HashSet<string> Normalize(IEnumerable<string> names) =>
        names.Select(n => DnsName.Normalize(n) ?? n).ToHashSet(StringComparer.Ordinal);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    // string.GetHashCode is randomized per process; this must be the same in every run.
    private static int StableSeed(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return BitConverter.ToInt32(hash, 0);
    }
}
