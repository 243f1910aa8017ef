namespace LbAcme.Sidecar.Sync;

/// <summary>
/// How often a round runs after a success, and how retries back off after failures; <paramref name="Wake"/>, when
/// given, may end either wait early.
/// </summary>
internal sealed record RoundSchedule(TimeSpan Interval, TimeSpan FirstRetry, TimeSpan MaxBackoff, RoundWake? Wake = null);

/// <summary>
/// A job <see cref="PeriodicLoop"/> repeats. A round that throws has failed; the loop counts it and retries with
/// jittered backoff, so a round reports its outcome through the callbacks, never by stopping the loop.
/// </summary>
internal interface IPeriodicRound
{
    RoundSchedule Schedule { get; }

    /// <summary>Once, before the first round.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>After a round that completed; <paramref name="failuresBefore"/> rounds failed in a row just before it.</summary>
    void Succeeded(int failuresBefore);

    /// <summary>After a round that threw: the <paramref name="failures"/>th in a row, retried in <paramref name="retryIn"/>.</summary>
    void Failed(Exception error, int failures, TimeSpan retryIn);
}
