using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;

namespace LbAcme.Functions.Tests.Status;

/// <summary>Status documents for the function and page tests, built by the real evaluator; one carries hostile text everywhere it can.</summary>
internal static class StatusDocuments
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    public const string HostileLb = "lb\"'><script>alert(1)</script>&amp;";
    public const string HostileProblem = "<script>alert('ca')</script> rateLimited & \"quoted\" ]]> <!--";
    public const string HostileServerName = "x\"><img src=x onerror=alert(1)>.example";

    public static FleetStatusDocument Sample()
    {
        var issued = new IssuedCertificateEntry("0A", Now.AddDays(-10), Now.AddDays(80), Now.AddDays(-10));
        var rolling = new IssuedCertificateEntry("1B", Now.AddMinutes(-2), Now.AddDays(90), Now.AddMinutes(-2));
        var failing = new LbState { Lb = HostileLb, LastAttempt = Now.AddHours(-1), LastOutcome = LbOutcomeKind.Failed, LastProblem = HostileProblem, ConsecutiveFailures = 2, NextAttempt = Now.AddHours(1) };
        var report = new ServedReport(Now.AddSeconds(-3), Now.AddSeconds(-2),
        [
            Served("127.0.200.1", ServedAddressKind.Lb, "lb0", "0A", issued, "svc.example"),
            Served("127.0.200.2", ServedAddressKind.Lb, "lb1", "19", issued with { NotBefore = Now.AddDays(-80), NotAfter = Now.AddDays(10) }, "svc.example"),
            new("127.0.200.3", ServedAddressKind.Lb, HostileLb, HostileServerName, Now, 2000, HostileProblem),
            Served("127.0.100.1", ServedAddressKind.Vip, null, "0A", issued, "svc.example"),
        ]);
        LbStatusInput[] lbs =
        [
            new("lb0", issued, null, new LbState { Lb = "lb0", LastAttempt = issued.StoredAt, LastOutcome = LbOutcomeKind.Renewed, NextCheck = Now.AddHours(1) }),
            new("lb1", rolling, null, new LbState { Lb = "lb1", LastAttempt = rolling.StoredAt, LastOutcome = LbOutcomeKind.Renewed }),
            new(HostileLb, null, null, failing),
        ];
        return StatusEvaluator.Evaluate(new StatusInputs(Now, lbs, report, new RunTiming(Now.AddHours(-3), Now.AddMinutes(17), TimeSpan.FromHours(1))));
    }

    /// <summary>One LB with two certificates, both served, the second's renewal waiting for a Let's Encrypt limit.</summary>
    public static FleetStatusDocument SeveralCertificates()
    {
        var web = new IssuedCertificateEntry("0A", Now.AddDays(-10), Now.AddDays(80), Now.AddDays(-10));
        var api = new IssuedCertificateEntry("0B", Now.AddDays(-10), Now.AddDays(80), Now.AddDays(-10));
        var waiting = new LbState { Lb = "lb0", Certificate = "api", DueReason = "Backstop", WaitingUntil = Now.AddHours(5), WaitingFor = "certificates per registered domain example: 50 per 7 days" };
        var report = new ServedReport(Now.AddSeconds(-3), Now.AddSeconds(-2),
        [
            Served("127.0.200.1", ServedAddressKind.Lb, "lb0", "0A", web, "web.example") with { Certificate = "web" },
            Served("127.0.200.1", ServedAddressKind.Lb, "lb0", "0B", api, "api.example") with { Certificate = "api" },
        ]);
        LbStatusInput[] lbs =
        [
            new("lb0",
            [
                new CertificateStatusInput("web", ["web.example"], web, null, new LbState { Lb = "lb0", LastAttempt = web.StoredAt, LastOutcome = LbOutcomeKind.Renewed }),
                new CertificateStatusInput("api", ["api.example"], api, null, waiting),
            ], null),
        ];
        return StatusEvaluator.Evaluate(new StatusInputs(Now, lbs, report, new RunTiming(Now.AddMinutes(-30), Now.AddMinutes(17), TimeSpan.FromHours(1))));
    }

    private static ServedObservation Served(string address, ServedAddressKind kind, string? lb, string serial, IssuedCertificateEntry dates, string serverName) =>
        new(address, kind, lb, serverName, Now, 4, null, serial, dates.NotBefore, dates.NotAfter, "CN=Pebble Intermediate", [serverName], false, true, null, true, "Tls13");
}
