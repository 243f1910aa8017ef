using System.Globalization;
using LbAcme.Acme.Problems;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// A renewal that ended in a failure the queue will not retry, as a one-off finding: the CA's problem type and detail,
/// and rate_limited instead of renewal_failed when the CA said rateLimited. Each failure is its own condition (keyed by
/// when it was seen), so two failures are two notifications and a retried delivery of one is still one.
/// </summary>
public static class RenewalFindings
{
    /// <summary>"renewal/lb0" for the default certificate (as before several certificates), "renewal/lb0.api" for another.</summary>
    public static string Subject(string lb, string certificate = FleetCertificates.DefaultName) => $"renewal/{FleetCertificates.SubjectKey(lb, certificate)}";

    /// <summary>
    /// The finding for a final outcome, or null when <paramref name="outcome"/> is not a final failure.
    /// <paramref name="certificate"/> names the fleet certificate whose order failed (null: the LB as a whole, e.g. a
    /// poisoned message that covered all of its certificates).
    /// </summary>
    public static Finding? From(LbOutcome outcome, bool willRetry, DateTimeOffset now, Uri? statusUrl, string? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (willRetry || outcome.Outcome is not (LbOutcomeKind.Failed or LbOutcomeKind.Poisoned))
        {
            return null;
        }
        var rateLimited = outcome.Reason == AcmeErrorTypes.RateLimited;
        var kind = rateLimited ? NotificationEventKind.RateLimited : NotificationEventKind.RenewalFailed;
        var who = certificate is null or FleetCertificates.DefaultName ? outcome.Lb : $"{outcome.Lb}'s certificate {certificate}";
        var retry = outcome.NextCheck is { } next ? $"; the next attempt is not before {next.ToString("u", CultureInfo.InvariantCulture)}" : "";
        var summary = outcome.Outcome == LbOutcomeKind.Poisoned
            ? $"Renewal of {who} failed on every delivery; the queue gave up{retry}."
            : rateLimited ? $"The CA refused the order of {who}: rate limit reached{retry}." : $"Renewal of {who} failed ({outcome.Reason}){retry}.";
        var action = rateLimited
            ? "Wait for the CA's limit to reset (its problem detail says when); do not force renewals meanwhile."
            : "Read the CA's problem below; fix what it names (DNS, the challenge path through the LB, the account), then POST /api/renew/" + outcome.Lb + (certificate is null or FleetCertificates.DefaultName ? "" : "?certificate=" + certificate) + " to try again.";
        var problem = outcome.Reason is null ? outcome.Detail : $"{outcome.Reason}: {outcome.Detail}";
        var e = new NotificationEvent(kind, rateLimited ? NotificationSeverity.Warning : NotificationSeverity.Critical, outcome.Lb, null,
            CertificateState.Failing.Label(), null, summary, action, problem, outcome.Serial, outcome.NotAfter, statusUrl, now, Certificate: certificate);
        return new Finding(Subject(outcome.Lb, certificate ?? FleetCertificates.DefaultName), $"{kind}@{now.ToString("O", CultureInfo.InvariantCulture)}", e, Transient: true);
    }
}
