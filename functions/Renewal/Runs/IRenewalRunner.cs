namespace LbAcme.Renewal.Runs;

/// <summary>What the function app's entry points (timer, Renew, Status) and the local runner call.</summary>
public interface IRenewalRunner
{
    /// <summary>One pass over the fleet (or one LB): decide, order what is due, record every attempt.</summary>
    Task<RunReport> RunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Per LB: issued vs deployed certificate, last attempt and its outcome, next planned renewal.</summary>
    Task<IReadOnlyList<LbStatus>> GetStatusAsync(CancellationToken cancellationToken);
}
