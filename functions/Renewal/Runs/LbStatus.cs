using LbAcme.Core.Status;

namespace LbAcme.Renewal.Runs;

/// <summary>
/// The Status function's row for one LB. <see cref="DeployOutcome"/> is the sidecar's last round as a code (null
/// from a sidecar that predates codes); <see cref="DeployResult"/> the same round in words. <see cref="LastReason"/> is
/// why the last renewal was ordered, <see cref="DueReason"/> why the LB is due while its order waits for the budget
/// (both <c>RenewalReason</c> names, e.g. DirectoryChanged).
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
    DateTimeOffset? NextPlanned,
    string? LastReason = null,
    string? DueReason = null);
