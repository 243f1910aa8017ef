using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Store;

/// <summary>
/// One attempt for one LB's copy of one certificate, as journaled under runs/{subject}/: what happened and, on failure,
/// the CA's problem document. <see cref="Certificate"/> is the fleet certificate (null in records written before several
/// certificates existed: the default one).
/// </summary>
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
    DateTimeOffset? NotAfter,
    string? Certificate = null);
