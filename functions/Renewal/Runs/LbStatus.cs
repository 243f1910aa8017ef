namespace LbAcme.Renewal.Runs;

/// <summary>The Status function's row for one LB.</summary>
public sealed record LbStatus(
    string Lb,
    string? IssuedSerial,
    DateTimeOffset? IssuedNotAfter,
    string? DeployedSerial,
    DateTimeOffset? DeployedNotAfter,
    DateTimeOffset? DeployedAt,
    string? DeployResult,
    DateTimeOffset? LastAttempt,
    string? LastOutcome,
    string? LastProblem,
    DateTimeOffset? NextPlanned);
