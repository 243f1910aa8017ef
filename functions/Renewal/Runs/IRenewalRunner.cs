namespace LbAcme.Renewal.Runs;

/// <summary>What the function app's entry points (timer, RenewLb, Renew) and the local runner call.</summary>
public interface IRenewalRunner
{
    /// <summary>
    /// One pass over the fleet (or one LB) in this process: decide, order what is due, record every attempt. An LB
    /// the fleet does not hold is reported as <see cref="LbOutcomeKind.UnknownLb"/>, not thrown.
    /// </summary>
    Task<RunReport> RunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// One LB, as one queue message asks: never throws for the LB's own failures (an unknown name is
    /// <see cref="LbOutcomeKind.UnknownLb"/>); the outcome says whether a redelivery may help.
    /// </summary>
    Task<LbOutcome> RenewAsync(LbRenewalRequest request, CancellationToken cancellationToken);

    /// <summary>The queue gave up on a message for this LB (its last delivery failed): the LB's status says so.</summary>
    Task RecordPoisonedAsync(string lb, string detail, CancellationToken cancellationToken);
}
