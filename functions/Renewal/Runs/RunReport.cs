using System.Text.Json.Serialization;

namespace LbAcme.Renewal.Runs;

/// <summary>What one run did for each LB (and, inside each LB's outcome, for each of its certificates).</summary>
public sealed record RunReport(string RunId, DateTimeOffset Started, DateTimeOffset Finished, IReadOnlyList<LbOutcome> Outcomes)
{
    public bool AnyFailed => Outcomes.Any(o => o.Outcome == LbOutcomeKind.Failed);
}

/// <summary>How an LB's renewal ended; written as its name on every API and in the journal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LbOutcomeKind>))]
public enum LbOutcomeKind
{
    Renewed,
    NotDue,
    SkippedLocked,
    BackingOff,
    Deferred,
    Failed,

    /// <summary>The queue gave up on the LB's message after its last delivery failed.</summary>
    Poisoned,

    /// <summary>The fleet has no load balancer of that name; nothing was attempted, and asking again cannot help.</summary>
    UnknownLb,

    /// <summary>The fleet has no certificate of that name (a message or request named one); nothing was attempted.</summary>
    UnknownCertificate,
}

/// <summary>
/// One LB's result, or one of its certificates' (<see cref="Certificate"/> set). <see cref="Detail"/> carries the CA's
/// problem document text on failure. <see cref="Retryable"/> is true only for a failure a prompt retry may fix without
/// costing a CA validation or a rate-limit slot (store or CA unreachable, a CA 5xx, a self-test the sidecars had not
/// synced for). An LB's result holds each certificate's in <see cref="Certificates"/> and sums them up
/// (<see cref="Engine.LbOutcomes.Combine"/>); with one certificate it is that certificate's result.
/// </summary>
public sealed record LbOutcome(
    string Lb,
    LbOutcomeKind Outcome,
    string? Reason,
    string? Detail,
    string? Serial,
    DateTimeOffset? NotAfter,
    DateTimeOffset? NextCheck,
    bool Retryable = false,
    string? Certificate = null,
    IReadOnlyList<LbOutcome>? Certificates = null)
{
    /// <summary>The answer for a name the fleet does not hold.</summary>
    public static LbOutcome UnknownLb(string lb) =>
        new(lb, LbOutcomeKind.UnknownLb, null, $"the fleet has no load balancer named '{lb}'", null, null, null);

    /// <summary>The answer for a certificate name the fleet does not hold.</summary>
    public static LbOutcome UnknownCertificate(string lb, string certificate) =>
        new(lb, LbOutcomeKind.UnknownCertificate, null, $"the fleet has no certificate named '{certificate}'", null, null, null, Certificate: certificate);

    /// <summary>Each certificate's result: <see cref="Certificates"/>, or this one when it is a single certificate's.</summary>
    public IReadOnlyList<LbOutcome> PerCertificate => Certificates ?? [this];
}
