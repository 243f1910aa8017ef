using LbAcme.Core.Status;

namespace LbAcme.Renewal.Runs;

/// <summary>
/// The Status function's row for one LB. <see cref="DeployOutcome"/> is the sidecar's last round as a code (null
/// from a sidecar that predates codes); <see cref="DeployResult"/> the same round in words.
/// </summary>
public sealed record LbStatus(
    string Lb,
    string? IssuedSerial,
    DateTimeOffset? IssuedNotAfter,
    string? DeployedSerial,
    DateTimeOffset? DeployedNotAfter,
    DateTimeOffset? DeployedAt,
    string? DeployResult,
    DeployOutcome? DeployOutcome,
    bool DeployedSelfSigned,
    DateTimeOffset? LastAttempt,
    LbOutcomeKind? LastOutcome,
    string? LastProblem,
    DateTimeOffset? NextPlanned);
