using LbAcme.Core.Fleet;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// One LB's turn: take its lock (or skip), clear what a dead run left under challenges/{lb}/, then each of the LB's
/// certificates in turn (<see cref="CertificateRenewal"/>), each with its own state, journal, pending import and budget
/// reservation. One lock and one challenge folder per LB, because the sidecar syncs challenges/{lb}/ and the leftover
/// cleanup may only remove tokens no sibling order still needs. A certificate's failure never stops the next one; the
/// LB's outcome sums them up (<see cref="LbOutcomes.Combine"/>).
/// </summary>
public sealed class LbRenewal
{
    private readonly IRunJournal _state;
    private readonly ILbLock _locks;
    private readonly OrderExecutor _orders;
    private readonly CertificateRenewal _certificate;
    private readonly RenewalEngineOptions _options;
    private readonly ILogger _logger;

    public LbRenewal(IRunJournal state, ILbLock locks, OrderExecutor orders, CertificateRenewal certificate, RenewalEngineOptions options, ILogger<LbRenewal> logger)
    {
        _state = state;
        _locks = locks;
        _orders = orders;
        _certificate = certificate;
        _options = options;
        _logger = logger;
    }

    /// <param name="run">The run.</param>
    /// <param name="lb">The LB.</param>
    /// <param name="certificates">Which of the fleet's certificates to renew (all, or the one a message named), in fleet order.</param>
    /// <param name="cancellationToken">Ends the LB's turn.</param>
    public async Task<LbOutcome> RunAsync(RunContext run, LoadBalancerOptions lb, IReadOnlyList<FleetCertificate> certificates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(lb);
        ArgumentNullException.ThrowIfNull(certificates);
        IAsyncDisposable? held;
        try
        {
            held = await _locks.TryAcquireAsync(lb.Name, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store did not answer for this LB; the others go on, and this one is simply tried next run.
            EngineLog.Failed(_logger, lb.Name, string.Join(',', certificates.Select(c => c.Name)), "store", e.Message);
            return LbOutcomes.Combine(lb.Name, [.. certificates.Select(c => new LbOutcome(lb.Name, LbOutcomeKind.Failed, "store",
                $"could not take locks/{lb.Name}: {e.Message}", null, null, null, Retryable: true, Certificate: c.Name))]);
        }
        if (held is null)
        {
            EngineLog.Locked(_logger, lb.Name);
            return LbOutcomes.Combine(lb.Name, [.. certificates.Select(c => new LbOutcome(lb.Name, LbOutcomeKind.SkippedLocked,
                "another run holds locks/" + lb.Name, null, null, null, null, Certificate: c.Name))]);
        }
        await using (held)
        {
            await RemoveLeftoversAsync(lb.Name, cancellationToken);
            var outcomes = new List<LbOutcome>(certificates.Count);
            foreach (var certificate in certificates)
            {
                outcomes.Add(await RunCertificateAsync(run, RenewalSubject.For(lb, certificate, _options.CertificateName), cancellationToken));
            }
            return LbOutcomes.Combine(lb.Name, outcomes);
        }
    }

    private async Task<LbOutcome> RunCertificateAsync(RunContext run, RenewalSubject subject, CancellationToken cancellationToken)
    {
        LbState state;
        try
        {
            state = await _state.GetStateAsync(subject.Key, cancellationToken) ?? new LbState { Lb = subject.Lb.Name, Certificate = subject.Certificate.Name };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EngineLog.Failed(_logger, subject.Lb.Name, subject.Certificate.Name, "store", e.Message);
            return new LbOutcome(subject.Lb.Name, LbOutcomeKind.Failed, "store", $"could not read {Core.Store.StoreLayout.RunState(subject.Key)}: {e.Message}", null, null, null,
                Retryable: true, Certificate: subject.Certificate.Name);
        }
        return await _certificate.RunAsync(run, subject, state, cancellationToken);
    }

    /// <summary>Holding the LB's lock, anything under its challenge prefix is a leftover of a run that died.</summary>
    private async Task RemoveLeftoversAsync(string lb, CancellationToken cancellationToken)
    {
        try
        {
            await _orders.RemoveLeftoversAsync(lb, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Leftover tokens do no harm to a new order (its tokens are new); the next run with the lock tries again.
            EngineLog.CleanupFailed(_logger, lb, e.Message);
        }
    }
}
