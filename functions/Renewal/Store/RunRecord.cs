using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Store;

/// <summary>One attempt for one LB, as journaled under runs/: what happened and, on failure, the CA's problem document.</summary>
public sealed record RunRecord(
    string RunId,
    string Lb,
    string Trigger,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    LbOutcomeKind Outcome,
    string? Reason,
    Uri? OrderUrl,
    string? ProblemType,
    string? Problem,
    string? Serial,
    DateTimeOffset? NotAfter);
