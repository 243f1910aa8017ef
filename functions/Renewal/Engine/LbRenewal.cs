using LbAcme.Acme;
using LbAcme.Acme.Ari;
using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Planning;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// One LB's turn: take its lock (or skip), import a certificate the store refused last time, read what the planner
/// needs, follow the plan (reserving the name set's budget for a counted order), and journal how it ended.
/// Every failure ends here as an outcome; nothing escapes to stop the other LBs.
/// </summary>
public sealed class LbRenewal
{
    private readonly AcmeClient _acme;
    private readonly ICertificateStore _certificates;
    private readonly IRunJournal _state;
    private readonly ILbLock _locks;
    private readonly IIssuanceBudgets _budgets;
    private readonly OrderExecutor _orders;
    private readonly PendingImports _pending;
    private readonly AttemptJournal _journal;
    private readonly RenewalEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public LbRenewal(AcmeClient acme, ICertificateStore certificates, IRunJournal state, ILbLock locks, IIssuanceBudgets budgets, OrderExecutor orders, PendingImports pending, AttemptJournal journal, RenewalEngineOptions options, TimeProvider time, ILogger<LbRenewal> logger)
    {
        _acme = acme;
        _certificates = certificates;
        _state = state;
        _locks = locks;
        _budgets = budgets;
        _orders = orders;
        _pending = pending;
        _journal = journal;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<LbOutcome> RunAsync(RunContext run, LoadBalancerOptions lb, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(lb);
        IAsyncDisposable? held;
        LbState state;
        try
        {
            held = await _locks.TryAcquireAsync(lb.Name, cancellationToken);
            state = held is null ? new LbState { Lb = lb.Name } : await _state.GetStateAsync(lb.Name, cancellationToken) ?? new LbState { Lb = lb.Name };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store did not answer for this LB; the others go on, and this one is simply tried next run.
            EngineLog.Failed(_logger, lb.Name, "store", e.Message);
            return new LbOutcome(lb.Name, LbOutcomeKind.Failed, "store", $"could not take locks/{lb.Name} or read its state: {e.Message}", null, null, null, Retryable: true);
        }
        if (held is null)
        {
            EngineLog.Locked(_logger, lb.Name);
            return new LbOutcome(lb.Name, LbOutcomeKind.SkippedLocked, "another run holds locks/" + lb.Name, null, null, null, null);
        }
        await using (held)
        {
            return await RunLockedAsync(run, lb, state, cancellationToken);
        }
    }

    private async Task<LbOutcome> RunLockedAsync(RunContext run, LoadBalancerOptions lb, LbState state, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var names = FleetNames.ForLoadBalancer(run.Fleet, lb);
        var nameSetKey = NameSet.Key(names);
        Uri? orderUrl = null;
        try
        {
            await _orders.RemoveLeftoversAsync(lb.Name, cancellationToken);
            var certificateName = CertificateName.For(_options.CertificateName, lb.Name);
            if (await _pending.TryImportPendingAsync(lb.Name, certificateName, names, started, cancellationToken) is { } kept)
            {
                return await _journal.RenewedAsync(run, state, started, kept.Pending.Reason, kept.Pending.OrderUrl, kept.Imported, nameSetKey, cancellationToken);
            }
            StoredCertificateInfo? stored = null;
            var plan = RenewalPlanner.HoldBack(state, started, run.Force, run.Redelivered);
            if (plan is null)
            {
                stored = await _certificates.GetInfoAsync(certificateName, cancellationToken);
                plan = await PlanAsync(run, lb, state, names, stored, started, cancellationToken);
            }
            switch (plan.Kind)
            {
                case RenewalPlanKind.BackingOff:
                    return new LbOutcome(lb.Name, LbOutcomeKind.BackingOff, $"{state.ConsecutiveFailures} failure(s); next attempt {plan.Until:O}", state.LastProblem, null, null, plan.Until);
                case RenewalPlanKind.NotDue:
                    await _journal.NextCheckAsync(state, plan.Until!.Value, nameSetKey, cancellationToken);
                    return new LbOutcome(lb.Name, LbOutcomeKind.NotDue, null, null, stored?.Leaf.SerialNumber, NotAfter(stored), plan.Until);
                case RenewalPlanKind.Deferred:
                    return await DeferAsync(lb, state, plan.Reason, plan.Until!.Value, nameSetKey, cancellationToken);
            }
            BudgetReservation? reservation = null;
            if (plan.CountedAgainstBudget)
            {
                var answer = await _budgets.TryReserveAsync(names, lb.Name, started, run.Fleet.Renewal.FirstIssuanceStagger, cancellationToken);
                if (answer.Reservation is null)
                {
                    return await DeferAsync(lb, state, plan.Reason, answer.NextAllowed, nameSetKey, cancellationToken);
                }
                reservation = answer.Reservation;
            }
            EngineLog.Renewing(_logger, lb.Name, plan.Reason);
            var issued = await OrderAsync(new OrderRequest(run.Account, run.Fleet, lb, names, run.Fleet.KeyType, plan.Replaces), names, reservation, lb.Name, cancellationToken);
            orderUrl = issued.OrderUrl;
            using (issued.Chain)
            using (issued.Key)
            {
                using var bundle = CertificateBundle.From(issued.Chain, issued.Key);
                var tags = CertificateTags.Create(lb.Name, issued.Chain.Leaf, _acme.DirectoryUrl, issued.OrderUrl, issued.CertificateUrl, AriCertificateId.Compute(issued.Chain.Leaf));
                var imported = await _pending.ImportOrKeepAsync(lb.Name, certificateName, bundle, tags, plan.Reason.ToString(), orderUrl, cancellationToken);
                return await _journal.RenewedAsync(run, state, started, plan.Reason.ToString(), orderUrl, imported, nameSetKey, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await _journal.FailedAsync(run, state, started, orderUrl, e, nameSetKey);
        }
    }

    /// <summary>
    /// Reads what else the planner needs (ARI, the name set's budget) and asks it. The certificate's origin is judged
    /// against the directory this engine orders from (the client's, fixed at start), not a newer configuration, so
    /// what it orders next is always tagged with the directory it was compared against. ARI is not asked about a
    /// certificate of another directory: this CA did not issue it.
    /// </summary>
    private async Task<RenewalPlan> PlanAsync(RunContext run, LoadBalancerOptions lb, LbState state, IReadOnlyList<string> names, StoredCertificateInfo? stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = stored is null ? null : CurrentCertificates.From(stored, _acme.DirectoryUrl);
        return RenewalPlanner.Plan(new PlanInput
        {
            State = state,
            Current = current,
            Ari = stored is null || current!.FromAnotherDirectory ? null : await TryRenewalInfoAsync(lb.Name, stored, cancellationToken),
            Names = names,
            KeyType = run.Fleet.KeyType,
            Now = now,
            Force = run.Force,
            Redelivered = run.Redelivered,
            Policy = run.Fleet.Renewal,
            CountedIssuances = await _budgets.GetReservationsAsync(names, now, cancellationToken),
        });
    }

    /// <summary>The order; a reservation whose order produced no certificate is given back, since the CA counted nothing.</summary>
    private async Task<Acme.Certificates.IssuedCertificate> OrderAsync(OrderRequest request, IReadOnlyList<string> names, BudgetReservation? reservation, string lb, CancellationToken cancellationToken)
    {
        try
        {
            return await _orders.ExecuteAsync(request, cancellationToken);
        }
        catch when (reservation is not null)
        {
            try
            {
                await _budgets.ReleaseAsync(names, reservation, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                EngineLog.ReleaseFailed(_logger, lb, e.Message);
            }
            throw;
        }
    }

    private async Task<LbOutcome> DeferAsync(LoadBalancerOptions lb, LbState state, RenewalReason reason, DateTimeOffset allowedAt, string nameSetKey, CancellationToken cancellationToken)
    {
        await _journal.DeferredAsync(state, reason.ToString(), allowedAt, nameSetKey, cancellationToken);
        return new LbOutcome(lb.Name, LbOutcomeKind.Deferred, reason.ToString(), "due, but LBs sharing one name set are staggered (5 issuances per 7 days)", null, null, allowedAt);
    }

    private async Task<RenewalInfo?> TryRenewalInfoAsync(string lb, StoredCertificateInfo stored, CancellationToken cancellationToken)
    {
        try
        {
            return await _acme.GetRenewalInfoAsync(stored.Leaf, cancellationToken);
        }
        catch (Exception e) when (e is AcmeException or ArgumentException)
        {
            // ARI is advice; without it the lifetime backstop still protects the LB.
            EngineLog.AriUnavailable(_logger, lb, e.Message);
            return null;
        }
    }

    private static DateTimeOffset? NotAfter(StoredCertificateInfo? stored) => stored is null ? null : new DateTimeOffset(stored.Leaf.NotAfter.ToUniversalTime());
}
