using LbAcme.Acme.Problems;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Status;

/// <summary>
/// Every summary and action the status document carries: a summary says what is seen, an action what to do next,
/// naming the command, the log or the setting. Sentences for people; the state is the code machines read.
/// </summary>
internal static class StatusTexts
{
    private const string SidecarLog = "`journalctl -u lb-sidecar -p warning`";
    private const string HttpsPortSetting = "Fleet:HaProxy:Service:HttpsPort";

    public static Verdict Ok(ServedEvidence served, DateTimeOffset now) =>
        new(CertificateState.Ok, $"{Source(served)} {served.Serial}, the issued certificate; {StatusDurations.Describe(served.NotAfter - now)} left", null);

    public static Verdict DeployedSinceProbe(ServedEvidence deployed, ServedEvidence probed, DateTimeOffset now) =>
        new(CertificateState.Ok,
            $"the sidecar reports {deployed.Serial} deployed at {StatusDurations.At(deployed.ObservedAt)}, after the last probe (which saw {Describe(probed)}); {StatusDurations.Describe(deployed.NotAfter - now)} left",
            null);

    public static Verdict NothingIssued(ServedEvidence? served, RolloutTarget target) =>
        new(CertificateState.RollingOut,
            (target.Lb is { } lb ? $"no certificate issued for {lb} yet" : "no LB of the fleet has an issued certificate yet") + (served is null ? "" : $"; {Serving(served)}"),
            $"Nothing to do while the first order is pending{NextCheck(target)}; a failing LB shows the CA's problem. To order now: {Renew(target.Lb)}.");

    public static Verdict RollingOut(ServedEvidence? served, RolloutTarget target, TimeSpan elapsed)
    {
        var issued = target.Issued!;
        var interval = StatusDurations.Describe(target.Interval);
        var late = elapsed > target.Interval;
        return new(CertificateState.RollingOut,
            $"{issued.Serial} issued {StatusDurations.Describe(elapsed)} ago, {Serving(served)}; " + (late ? $"later than the sidecar's {interval} poll" : $"the sidecar polls every {interval}"),
            late
                ? $"Stuck after {StatusDurations.Describe(2 * target.Interval)}; meanwhile read {SidecarLog} on {Holder(target)} for a refused or failed deploy."
                : $"Nothing yet: the sidecar on {Holder(target)} deploys it within {interval}; after {StatusDurations.Describe(2 * target.Interval)} it counts as stuck.");
    }

    public static Verdict Stuck(ServedEvidence? served, RolloutTarget target, TimeSpan elapsed)
    {
        var issued = target.Issued!;
        var report = target.Deployed?.Result is { } result ? $" (its status/{target.Lb} says: {result})" : string.Empty;
        return new(CertificateState.Stuck,
            $"{issued.Serial} issued {StatusDurations.Describe(elapsed)} ago, {Serving(served)}: more than two {StatusDurations.Describe(target.Interval)} sync intervals",
            target.Lb is { } lb
                ? $"On {lb}: {SidecarLog} for refused or failed deploys{report}; `lb-sidecar check --config /etc/lb-acme/fleet.json --lb {lb}` (store and peers reachable); `systemctl restart lb-sidecar` deploys the store's certificate at start."
                : $"Find the LB holding this VIP (`ip -br addr` on each LB, `journalctl -u keepalived`), then on it: {SidecarLog} and `lb-sidecar check --config /etc/lb-acme/fleet.json --lb NAME`.");
    }

    public static Verdict ChainInvalid(ServedEvidence served, RolloutTarget target) =>
        new(CertificateState.Stuck,
            $"serves the issued {served.Serial}, but its chain does not validate: {served.ChainProblem ?? "no reason given"}",
            $"The sidecar serves the chain stored with the certificate: check that chain and Fleet:TrustedRoots, then {SidecarLog} on {Holder(target)}.");

    public static Verdict NameNotCovered(ServedEvidence served, RolloutTarget target, string? serverName) =>
        new(CertificateState.Stuck,
            $"serves the issued {served.Serial}, which does not cover {serverName}",
            $"Check the names of certificate '{target.Certificate}' (Fleet:Names, or its Fleet:Certificates entry) and the LB's ExtraName: the next renewal orders the configured names ({Renew(target.Lb)} orders now).");

    public static Verdict Expiring(ServedEvidence served, RolloutTarget target, DateTimeOffset now)
    {
        var left = served.NotAfter - now;
        var when = left <= TimeSpan.Zero
            ? $"expired at {StatusDurations.At(served.NotAfter)}"
            : $"expires at {StatusDurations.At(served.NotAfter)}, {StatusDurations.Describe(left)} left (expiring from {StatusDurations.Describe(ExpiryWindow.For(served.NotBefore, served.NotAfter))} before)";
        var newer = target.Issued is { } issued && !Serials.Same(issued.Serial, served.Serial) && issued.NotAfter > served.NotAfter
            ? $" A newer certificate ({issued.Serial}) is issued: the rollout is the problem, read {SidecarLog} on {Holder(target)}."
            : $" Renewal should have replaced it: read this LB's last problem and the records under runs/{target.Subject ?? "LB"}/ in the store; order now with {Renew(target.Lb)}.";
        return new(CertificateState.Expiring, $"{Source(served)} {served.Serial}, which {when}", newer.TrimStart());
    }

    public static Verdict Unreachable(ServedObservation observation, RolloutTarget target)
    {
        // What the failure's code says to look at first: nothing listening is HAProxy, no answer at all is the network.
        var first = observation.Failure switch
        {
            ServedFailure.Refused or ServedFailure.Closed or ServedFailure.HandshakeFailed or ServedFailure.HandshakeTimeout => "The address answers but HAProxy does not serve TLS there: start with HAProxy. ",
            ServedFailure.ConnectTimeout or ServedFailure.Unreachable => "Nothing answers at the network layer: start with the path (firewall, NSG, routes). ",
            _ => "",
        };
        var where = $"{observation.Address} ({HttpsPortSetting})";
        return new(CertificateState.Unreachable,
            $"no TLS handshake with {observation.Address} (SNI {observation.ServerName}): {observation.Error ?? "no certificate presented"}",
            observation.Kind == ServedAddressKind.Vip
                ? $"{first}Check that keepalived holds the VIP on some LB (`ip -br addr` on each, `journalctl -u keepalived`) and that HAProxy there listens on {where}."
                : $"{first}On {target.Lb}: `systemctl status haproxy` and `journalctl -u haproxy`; HAProxy must listen on {where} and the function's network reach it.");
    }

    /// <summary>This certificate's own renewal on the LB failed last time (Failed, or Poisoned when the queue gave up on its message).</summary>
    public static Verdict Failing(RolloutTarget target, LbState state)
    {
        var lb = target.Lb!;
        var problem = state.LastProblem ?? "no problem recorded";
        var next = state.NextAttempt is { } at ? StatusDurations.At(at) : "the next timer run";
        var poisoned = state.LastOutcome == Runs.LbOutcomeKind.Poisoned;
        var summary = poisoned
            ? $"the queue gave up on its renewal message: {problem}"
            : $"the last {(state.ConsecutiveFailures > 1 ? $"{state.ConsecutiveFailures} attempts" : "attempt")} failed: {problem}";
        var action = (poisoned, state.LastProblemType) switch
        {
            (true, _) => $"Read the RenewLb lines for {lb} (EventId 3001, Lb = {lb}) in Application Insights; the message is in the lb-renewals-poison queue. After fixing the cause: {Renew(lb)}.",
            (_, AcmeErrorTypes.RateLimited) => $"Rate limited by the CA: the next attempt waits until {next} (the CA's Retry-After), and renewing by hand fails again. LBs sharing one name set share Let's Encrypt's 5 certificates per 7 days: give each LB its own ExtraName.",
            (_, nameof(SelfTestFailedException)) => $"The challenge did not come back through every address: on {lb} run `lb-sidecar check --config /etc/lb-acme/fleet.json --lb {lb}`, check that port 80 of every VIP reaches a sidecar, then {Renew(lb)}.",
            _ => $"Read the problem and the attempt records under runs/{target.Subject}/ in the store (RenewLb EventId 3001 in Application Insights); after fixing, {Renew(lb)}. Next automatic attempt: {next}.",
        };
        return new(CertificateState.Failing, summary, action);
    }

    /// <summary>
    /// The SNI selected another certificate of the fleet, which does not carry the name: HAProxy's crt-list has no line
    /// for this certificate (or not with this name), e.g. a certificate new to the fleet the sidecar has not added yet.
    /// </summary>
    public static Verdict WrongCertificate(ServedEvidence served, RolloutTarget target, SiblingCertificate sibling, string serverName) =>
        new(CertificateState.Stuck,
            $"for SNI {serverName} serves {Describe(served)}, the certificate '{sibling.Certificate}', not '{target.Certificate}'",
            $"HAProxy does not select '{target.Certificate}' for {serverName}: on {Holder(target)} check that the crt-list (Fleet:HaProxy:CrtList) has its PEM with this name "
            + $"(`echo 'show ssl crt-list' | socat stdio` on the Runtime API socket, Fleet:HaProxy:RuntimeSocket) and read {SidecarLog} for a refused or failed deploy of it.");

    /// <summary>The verdict, saying also that a due order waits for a Let's Encrypt limit (the planner's answer in the state) while it does.</summary>
    public static Verdict Waiting(Verdict verdict, LbState? state, DateTimeOffset now)
    {
        if (state?.WaitingUntil is not { } until || until <= now)
        {
            return verdict;
        }
        var limit = state.WaitingFor ?? "a Let's Encrypt limit";
        return verdict with { Summary = $"{verdict.Summary}; its due order waits until {StatusDurations.At(until)} for {limit}" };
    }

    private static string Renew(string? lb) => $"POST /api/renew{(lb is null ? "" : "/" + lb)} (function key)";

    private static string Source(ServedEvidence served) => served.FromProbe ? "serves" : "the sidecar reports deployed";

    private static string Serving(ServedEvidence? served) => served is null
        ? "its sidecar has not reported deploying it"
        : $"{(served.FromProbe ? "still serving" : "the sidecar reports")} {Describe(served)}";

    private static string Describe(ServedEvidence served) =>
        served.SelfSigned ? $"the bootstrap (self-signed) certificate {served.Serial}" : served.Serial;

    private static string Holder(RolloutTarget target) => target.Lb ?? "the LB holding this VIP";

    private static string NextCheck(RolloutTarget target) =>
        target.NextCheck is { } at ? $" (next check {StatusDurations.At(at)})" : string.Empty;
}
