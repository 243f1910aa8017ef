using System.Globalization;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// Reads the fleet status document as notification subjects: the fleet (a run overdue), each LB's copy of each
/// certificate (its state; failing only after <c>FailingAfter</c> failed attempts in a row), its issuance budget (a due
/// renewal deferred, with the limit it waits for) and each VIP (the worst state of the names it serves). Rolling out is
/// normal and counts as ok. The sentences come from the status document, so the page and the notification say the same
/// thing. An (LB, certificate) subject is keyed by <see cref="FleetCertificates.SubjectKey"/>: the default certificate's
/// is "lb/{lb}" as before several certificates existed, so an upgrade sends no second notice of a known condition.
/// </summary>
public static class FleetFindings
{
    public const string FleetSubject = "fleet";

    /// <summary>The subject of <paramref name="lb"/>'s copy of <paramref name="certificate"/>: "lb/lb0" (default), "lb/lb0.api".</summary>
    public static string LbSubject(string lb, string certificate = FleetCertificates.DefaultName) => $"lb/{FleetCertificates.SubjectKey(lb, certificate)}";

    public static string BudgetSubject(string lb, string certificate = FleetCertificates.DefaultName) => $"lb/{FleetCertificates.SubjectKey(lb, certificate)}/budget";

    public static string VipSubject(string address) => $"vip/{address}";

    public static IReadOnlyList<Finding> From(FleetStatusDocument status, int failingAfter, Uri? statusUrl)
    {
        ArgumentNullException.ThrowIfNull(status);
        var findings = new List<Finding> { Fleet(status, statusUrl) };
        foreach (var lb in status.LoadBalancers)
        {
            foreach (var certificate in Certificates(lb))
            {
                findings.Add(Lb(lb.Lb, certificate, failingAfter, statusUrl, status.GeneratedAt));
                findings.Add(Budget(lb.Lb, certificate, statusUrl, status.GeneratedAt));
            }
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

    /// <summary>The LB's certificates; a document without them (written before they existed) is one certificate, the LB itself.</summary>
    private static IReadOnlyList<CertificateStatusEntry> Certificates(LbStatusEntry lb) =>
        lb.Certificates is { Count: > 0 } certificates
            ? certificates
            : [new CertificateStatusEntry(FleetCertificates.DefaultName, [], lb.State, lb.Summary, lb.Action, lb.Issued, lb.Deployed, lb.LastAttempt, lb.LastOutcome,
                lb.LastProblem, lb.ConsecutiveFailures, lb.NextCheck, lb.LastReason, lb.DueReason, null, null, lb.Addresses)];

    private static Finding Lb(string lb, CertificateStatusEntry certificate, int failingAfter, Uri? statusUrl, DateTimeOffset now)
    {
        var subject = LbSubject(lb, certificate.Certificate);
        var worst = certificate.Addresses.Count == 0 ? null : certificate.Addresses.MaxBy(a => a.State);
        var (serial, notAfter) = Certificate(worst?.Served, certificate.Deployed, certificate.Issued);
        switch (certificate.State)
        {
            case CertificateState.Ok or CertificateState.RollingOut:
                return new Finding(subject, Finding.Ok, Recovered(lb, null, certificate.Summary, statusUrl, now) with
                {
                    Serial = serial,
                    NotAfter = notAfter,
                    Certificate = certificate.Certificate,
                });
            case CertificateState.Failing when certificate.ConsecutiveFailures < failingAfter:
                return Finding.Held(subject);
        }
        var state = certificate.State;
        var address = worst is not null && worst.State == state ? worst : null;
        var problem = state == CertificateState.Failing ? certificate.LastProblem : address?.Error ?? address?.Served?.ChainProblem ?? certificate.LastProblem;
        return new Finding(subject, state.Label(), new NotificationEvent(Kind(state), Severity(state), lb, address?.Address, state.Label(), null,
            certificate.Summary, certificate.Action, problem, serial, notAfter, statusUrl, now, Certificate: certificate.Certificate));
    }

    private static Finding Budget(string lb, CertificateStatusEntry certificate, Uri? statusUrl, DateTimeOffset now)
    {
        var subject = BudgetSubject(lb, certificate.Certificate);
        var who = certificate.Certificate == FleetCertificates.DefaultName ? lb : $"{lb}'s certificate {certificate.Certificate}";
        if (certificate.DueReason is not { } reason && certificate.WaitingUntil is null)
        {
            return new Finding(subject, Finding.Ok, Recovered(lb, null, $"{who}'s renewal is no longer held back by the issuance budget.", statusUrl, now) with
            {
                Certificate = certificate.Certificate,
            });
        }
        var until = (certificate.WaitingUntil ?? certificate.NextCheck) is { } next ? $" until {next.ToString("u", CultureInfo.InvariantCulture)}" : "";
        var limit = certificate.WaitingFor ?? "Let's Encrypt allows 5 certificates per 7 days for one set of names";
        var due = certificate.DueReason is { } why ? $" ({why})" : "";
        return new Finding(subject, "rate_limited", new NotificationEvent(NotificationEventKind.RateLimited, NotificationSeverity.Warning, lb, null, "rate_limited", null,
            $"{who} is due for renewal{due} but the issuance budget defers the order{until}: {limit}.",
            "Nothing, if it is a one-off: orders are spread so no Let's Encrypt limit is met. If it lasts, look for repeated forced renewals, or give each LB an ExtraName so their name sets differ.",
            null, certificate.Issued?.Serial, certificate.Issued?.NotAfter, statusUrl, now, Certificate: certificate.Certificate));
    }

    private static Finding Vip(AddressStatusEntry vip, Uri? statusUrl, DateTimeOffset now)
    {
        var subject = VipSubject(vip.Address);
        if (vip.State is CertificateState.Ok or CertificateState.RollingOut or CertificateState.Failing)
        {
            return new Finding(subject, Finding.Ok, Recovered(null, vip.Address, vip.Summary, statusUrl, now) with { Serial = vip.Served?.Serial, NotAfter = vip.Served?.NotAfter });
        }
        return new Finding(subject, vip.State.Label(), new NotificationEvent(Kind(vip.State), Severity(vip.State), vip.Lb, vip.Address, vip.State.Label(), null,
            vip.Summary, vip.Action, vip.Error ?? vip.Served?.ChainProblem, vip.Served?.Serial, vip.Served?.NotAfter, statusUrl, now, Certificate: vip.Certificate));
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
