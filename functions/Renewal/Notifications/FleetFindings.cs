using System.Globalization;
using LbAcme.Core.Status;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// Reads the fleet status document as notification subjects: the fleet (a run overdue), each LB (its state; failing
/// only after <c>FailingAfter</c> failed attempts in a row), each LB's issuance budget (a due renewal deferred) and each
/// VIP (the worst state of the names it serves). Rolling out is normal and counts as ok. The sentences come from the
/// status document, so the page and the notification say the same thing.
/// </summary>
public static class FleetFindings
{
    public const string FleetSubject = "fleet";

    public static string LbSubject(string lb) => $"lb/{lb}";

    public static string BudgetSubject(string lb) => $"lb/{lb}/budget";

    public static string VipSubject(string address) => $"vip/{address}";

    public static IReadOnlyList<Finding> From(FleetStatusDocument status, int failingAfter, Uri? statusUrl)
    {
        ArgumentNullException.ThrowIfNull(status);
        var findings = new List<Finding> { Fleet(status, statusUrl) };
        foreach (var lb in status.LoadBalancers)
        {
            findings.Add(Lb(lb, failingAfter, statusUrl, status.GeneratedAt));
            findings.Add(Budget(lb, statusUrl, status.GeneratedAt));
        }
        foreach (var vip in status.Vips.GroupBy(v => v.Address, StringComparer.Ordinal))
        {
            findings.Add(Vip(vip.MaxBy(v => v.State)!, statusUrl, status.GeneratedAt));
        }
        return findings;
    }

    private static Finding Fleet(FleetStatusDocument status, Uri? statusUrl)
    {
        var last = status.LastRun is { } run ? run.ToString("u", CultureInfo.InvariantCulture) : "never";
        if (!status.RunOverdue)
        {
            return new Finding(FleetSubject, Finding.Ok, Recovered(null, null, $"Renewal runs report again (last run {last}).", statusUrl, status.GeneratedAt));
        }
        var next = status.NextRun is { } due ? $", one was due by {due.ToString("u", CultureInfo.InvariantCulture)}" : "";
        return new Finding(FleetSubject, "run_overdue", new NotificationEvent(NotificationEventKind.RunOverdue, NotificationSeverity.Critical, null, null, "run_overdue", null,
            $"No renewal run has reported since {last}{next}: certificates are not being renewed.",
            "Check that the function app is running and its RenewalTimer trigger is enabled (Azure portal: the app's Functions and Monitor pages).",
            null, null, null, statusUrl, status.GeneratedAt));
    }

    private static Finding Lb(LbStatusEntry lb, int failingAfter, Uri? statusUrl, DateTimeOffset now)
    {
        var subject = LbSubject(lb.Lb);
        var worst = lb.Addresses.Count == 0 ? null : lb.Addresses.MaxBy(a => a.State);
        var (serial, notAfter) = Certificate(worst?.Served, lb.Deployed, lb.Issued);
        switch (lb.State)
        {
            case CertificateState.Ok or CertificateState.RollingOut:
                return new Finding(subject, Finding.Ok, Recovered(lb.Lb, null, lb.Summary, statusUrl, now) with { Serial = serial, NotAfter = notAfter });
            case CertificateState.Failing when lb.ConsecutiveFailures < failingAfter:
                return Finding.Held(subject);
        }
        var kind = Kind(lb.State);
        var address = worst is not null && worst.State == lb.State ? worst : null;
        var problem = lb.State == CertificateState.Failing ? lb.LastProblem : address?.Error ?? address?.Served?.ChainProblem ?? lb.LastProblem;
        return new Finding(subject, lb.State.Label(), new NotificationEvent(kind, Severity(lb.State), lb.Lb, address?.Address, lb.State.Label(), null,
            lb.Summary, lb.Action, problem, serial, notAfter, statusUrl, now));
    }

    private static Finding Budget(LbStatusEntry lb, Uri? statusUrl, DateTimeOffset now)
    {
        var subject = BudgetSubject(lb.Lb);
        if (lb.DueReason is not { } reason)
        {
            return new Finding(subject, Finding.Ok, Recovered(lb.Lb, null, $"{lb.Lb}'s renewal is no longer held back by the issuance budget.", statusUrl, now));
        }
        var until = lb.NextCheck is { } next ? $" until {next.ToString("u", CultureInfo.InvariantCulture)}" : "";
        return new Finding(subject, "rate_limited", new NotificationEvent(NotificationEventKind.RateLimited, NotificationSeverity.Warning, lb.Lb, null, "rate_limited", null,
            $"{lb.Lb} is due for renewal ({reason}) but the issuance budget of its names (Let's Encrypt allows 5 certificates per 7 days for one set of names) defers the order{until}.",
            "Nothing, if it is a one-off: LBs sharing their names are staggered. If it lasts, look for repeated forced renewals, or give each LB an ExtraName so their name sets differ.",
            null, lb.Issued?.Serial, lb.Issued?.NotAfter, statusUrl, now));
    }

    private static Finding Vip(AddressStatusEntry vip, Uri? statusUrl, DateTimeOffset now)
    {
        var subject = VipSubject(vip.Address);
        if (vip.State is CertificateState.Ok or CertificateState.RollingOut or CertificateState.Failing)
        {
            return new Finding(subject, Finding.Ok, Recovered(null, vip.Address, vip.Summary, statusUrl, now) with { Serial = vip.Served?.Serial, NotAfter = vip.Served?.NotAfter });
        }
        return new Finding(subject, vip.State.Label(), new NotificationEvent(Kind(vip.State), Severity(vip.State), vip.Lb, vip.Address, vip.State.Label(), null,
            vip.Summary, vip.Action, vip.Error ?? vip.Served?.ChainProblem, vip.Served?.Serial, vip.Served?.NotAfter, statusUrl, now));
    }

    private static NotificationEvent Recovered(string? lb, string? address, string summary, Uri? statusUrl, DateTimeOffset now) =>
        new(NotificationEventKind.Recovered, NotificationSeverity.Info, lb, address, Finding.Ok, null, summary, null, null, null, null, statusUrl, now);

    private static (string? Serial, DateTimeOffset? NotAfter) Certificate(ServedCertificateEntry? served, DeployedCertificateEntry? deployed, IssuedCertificateEntry? issued) =>
        served is not null ? (served.Serial, served.NotAfter)
        : deployed?.Serial is not null ? (deployed.Serial, deployed.NotAfter)
        : (issued?.Serial, issued?.NotAfter);

    private static NotificationEventKind Kind(CertificateState state) => state switch
    {
        CertificateState.Expiring => NotificationEventKind.Expiring,
        CertificateState.Stuck => NotificationEventKind.Stuck,
        CertificateState.Failing => NotificationEventKind.Failing,
        _ => NotificationEventKind.Unreachable,
    };

    private static NotificationSeverity Severity(CertificateState state) =>
        state is CertificateState.Failing or CertificateState.Unreachable ? NotificationSeverity.Critical : NotificationSeverity.Warning;
}
