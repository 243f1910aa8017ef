using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Store;

/// <summary>
/// What the engine remembers about one LB's copy of one fleet certificate between runs (runs/state/{subject}.json,
/// the subject <see cref="Core.Fleet.FleetCertificates.SubjectKey"/>: "{lb}" for the default certificate, as before):
/// the last attempt, the failure streak behind the backoff, and when to look again. The issuances that count against Let's Encrypt's
/// per-name-set limit live in the shared budgets/ blobs, not here.
/// </summary>
public sealed record LbState
{
    public required string Lb { get; init; }

    /// <summary>
    /// The fleet certificate this state is of (<see cref="Core.Fleet.FleetCertificate.Name"/>); null in states written
    /// before several certificates existed, which are the "default" certificate's. The blob is runs/state/{subject}.json
    /// with the subject <see cref="Core.Fleet.FleetCertificates.SubjectKey"/>.
    /// </summary>
    public string? Certificate { get; init; }

    /// <summary>A due order waits for a Let's Encrypt limit until then (null when nothing waits).</summary>
    public DateTimeOffset? WaitingUntil { get; init; }

    /// <summary>Which limit the order waits for, as a sentence (the budget's <see cref="Budgets.ReservationAnswer.Limit"/>).</summary>
    public string? WaitingFor { get; init; }

    public DateTimeOffset? LastAttempt { get; init; }

    public LbOutcomeKind? LastOutcome { get; init; }

    /// <summary>Why the last renewal was ordered (a <see cref="Policy.RenewalReason"/> name).</summary>
    public string? LastReason { get; init; }

    /// <summary>Why the LB is due while the name set's budget defers its order; null when nothing is waiting.</summary>
    public string? DueReason { get; init; }

    public string? LastProblem { get; init; }

    /// <summary>The last failure as a code: the CA's error type (e.g. rateLimited) or the failure's kind (e.g. SelfTestFailedException).</summary>
    public string? LastProblemType { get; init; }

    public int ConsecutiveFailures { get; init; }

    /// <summary>
    /// Whether the last failure was one a prompt retry may fix (<see cref="Engine.FailureRetry"/>): only such a
    /// certificate skips its backoff when the queue redelivers the LB's message; a sibling that failed for good keeps it.
    /// </summary>
    public bool LastFailureRetryable { get; init; }

    public DateTimeOffset? NextAttempt { get; init; }

    public DateTimeOffset? NextCheck { get; init; }

    public string? NameSetKey { get; init; }
}
