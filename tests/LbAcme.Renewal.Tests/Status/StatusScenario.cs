using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Tests.Status;

/// <summary>Builds evaluator inputs around one fixed moment: issued certificates, sidecar reports, probe observations.</summary>
internal static class StatusScenario
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    public static IssuedCertificateEntry Issued(string serial, DateTimeOffset storedAt, TimeSpan? lifetime = null) =>
        new(serial, storedAt, storedAt + (lifetime ?? TimeSpan.FromDays(90)), storedAt);

    public static LbState Renewed(string lb, DateTimeOffset at) => new() { Lb = lb, LastAttempt = at, LastOutcome = LbOutcomeKind.Renewed };

    public static LbState Failed(string lb, int failures, string problemType, string problem) => new()
    {
        Lb = lb,
        LastAttempt = Now.AddHours(-1),
        LastOutcome = LbOutcomeKind.Failed,
        LastProblem = problem,
        LastProblemType = problemType,
        ConsecutiveFailures = failures,
        NextAttempt = Now.AddHours(2),
    };

    public static DeployStatus Deployed(string serial, DateTimeOffset notAfter, DateTimeOffset when, double? intervalSeconds = null, bool selfSigned = false) =>
        new(serial, notAfter, when, "deployed", DeployOutcome.Deployed, selfSigned, SyncIntervalSeconds: intervalSeconds);

    /// <summary>One certificate's part of a sidecar's report (<see cref="DeployStatus.Certificates"/>).</summary>
    public static CertificateDeployStatus Deployed(string certificate, string serial, DateTimeOffset notAfter, DateTimeOffset when, bool selfSigned = false) =>
        new(certificate, serial, notAfter, when, "deployed", DeployOutcome.Deployed, selfSigned);

    /// <summary>A successful handshake presenting <paramref name="serial"/>.</summary>
    public static ServedObservation Presented(string address, ServedAddressKind kind, string? lb, string serial, DateTimeOffset notBefore, DateTimeOffset notAfter,
        DateTimeOffset? probedAt = null, bool selfSigned = false, bool chainValid = true, bool namesCovered = true, string serverName = "svc.example") =>
        new(address, kind, lb, serverName, probedAt ?? Now, 3.5, null, serial, notBefore, notAfter, selfSigned ? "CN=bootstrap" : "CN=Test CA",
            [serverName], selfSigned, chainValid && !selfSigned, selfSigned ? "self-signed" : chainValid ? null : "partial chain", namesCovered, "Tls13");

    public static ServedObservation Failed(string address, ServedAddressKind kind, string? lb, string error) =>
        new(address, kind, lb, "svc.example", Now, 2000, error);

    public static ServedReport Report(params ServedObservation[] observations) => new(Now.AddSeconds(-5), Now.AddSeconds(-4), observations);

    public static StatusInputs Inputs(ServedReport? served, params LbStatusInput[] lbs) => new(Now, lbs, served, RunTiming.Unknown);

    public static FleetStatusDocument Evaluate(ServedReport? served, params LbStatusInput[] lbs) => StatusEvaluator.Evaluate(Inputs(served, lbs));
}
