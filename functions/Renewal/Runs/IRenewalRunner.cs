namespace LbAcme.Renewal.Runs;

/// <summary>What the function app's entry points (timer, RenewLb, Renew) and the local runner call.</summary>
public interface IRenewalRunner
{
    /// <summary>
    /// One pass over the fleet (or one LB) in this process, every certificate of each LB (or the one asked for): decide,
    /// order what is due, record every attempt. An LB or certificate the fleet does not hold is reported as
    /// <see cref="LbOutcomeKind.UnknownLb"/> or <see cref="LbOutcomeKind.UnknownCertificate"/>, not thrown.
    /// </summary>
    Task<RunReport> RunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// One LB, as one queue message asks: each of its certificates in turn under the LB's one lock (or only the one
    /// named). Never throws for the LB's own failures (an unknown name is <see cref="LbOutcomeKind.UnknownLb"/> or
    /// <see cref="LbOutcomeKind.UnknownCertificate"/>); the outcome says whether a redelivery may help.
    /// </summary>
    Task<LbOutcome> RenewAsync(LbRenewalRequest request, CancellationToken cancellationToken);

    /// <summary>The queue gave up on a message for this LB (its last delivery failed): that certificate's status says so.</summary>
    Task RecordPoisonedAsync(string lb, string certificate, string detail, CancellationToken cancellationToken);
}
