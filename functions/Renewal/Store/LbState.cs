namespace LbAcme.Renewal.Store;

/// <summary>
/// What the engine remembers about one LB between runs (runs/state/{lb}.json): the last attempt, the
/// failure streak behind the backoff, when to look again, and the issuances that count against Let's
/// Encrypt's per-name-set limit.
/// </summary>
public sealed record LbState
{
    public required string Lb { get; init; }

    public DateTimeOffset? LastAttempt { get; init; }

    public string? LastOutcome { get; init; }

    public string? LastReason { get; init; }

    public string? LastProblem { get; init; }

    public int ConsecutiveFailures { get; init; }

    public DateTimeOffset? NextAttempt { get; init; }

    public DateTimeOffset? NextCheck { get; init; }

    public string? NameSetKey { get; init; }

    /// <summary>Times of issuances that were not ARI-exempt (first issuance, or no "replaces").</summary>
    public List<DateTimeOffset> CountedIssuances { get; init; } = [];
}
