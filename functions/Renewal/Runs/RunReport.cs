namespace LbAcme.Renewal.Runs;

/// <summary>What one run did for each LB.</summary>
public sealed record RunReport(string RunId, DateTimeOffset Started, DateTimeOffset Finished, IReadOnlyList<LbOutcome> Outcomes)
{
    public bool AnyFailed => Outcomes.Any(o => o.Outcome == LbOutcomeKind.Failed);
}

public enum LbOutcomeKind
{
    Renewed,
    NotDue,
    SkippedLocked,
    BackingOff,
    Deferred,
    Failed,
}

/// <summary>One LB's result; <see cref="Detail"/> carries the CA's problem document text on failure.</summary>
public sealed record LbOutcome(string Lb, LbOutcomeKind Outcome, string? Reason, string? Detail, string? Serial, DateTimeOffset? NotAfter, DateTimeOffset? NextCheck);
