using LbAcme.Acme;
using LbAcme.Acme.Ari;
using LbAcme.Acme.Problems;
using LbAcme.Certificates;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Planning;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// One certificate's turn on one LB, the LB's lock held by the caller: import a certificate the store refused last
/// time, read what the planner needs, follow the plan (reserving the budget for a counted order, waiting when a limit
/// says so), and journal how it ended. Every failure ends here as the certificate's outcome; nothing escapes to stop
/// the LB's other certificates.
/// </summary>
public sealed class CertificateRenewal
{
    /// <summary>What a due order waits for when the planner defers it (the name set's budget, or the first-issuance stagger).</summary>
    public const string NameSetLimit = "certificates per exact set of names: 5 per 7 days, first issuances staggered";

    private readonly AcmeClient _acme;
    private readonly ICertificateStore _certificates;
    private readonly IIssuanceBudgets _budgets;
    private readonly OrderExecutor _orders;
    private readonly PendingImports _pending;
    private readonly AttemptJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CertificateRenewal(AcmeClient acme, ICertificateStore certificates, IIssuanceBudgets budgets, OrderExecutor orders, PendingImports pending, AttemptJournal journal, TimeProvider time, ILogger<CertificateRenewal> logger)
    {
        _acme = acme;
        _certificates = certificates;
        _budgets = budgets;
        _orders = orders;
        _pending = pending;
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    /// <param name="run">The run.</param>
    /// <param name="subject">The LB and certificate.</param>
    /// <param name="state">Its state as read (a new one when it had none); the result names the LB and certificate.</param>
    /// <param name="cancellationToken">Ends the attempt.</param>
    public async Task<LbOutcome> RunAsync(RunContext run, RenewalSubject subject, LbState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(state);
        state = state with { Lb = subject.Lb.Name, Certificate = subject.Certificate.Name };
        var started = _time.GetUtcNow();
        var names = subject.Names;
        var nameSetKey = NameSet.Key(names);
        Uri? orderUrl = null;
        try
        {
            if (await _pending.TryImportPendingAsync(subject.Key, subject.StoreName, names, started, cancellationToken) is { } kept)
            {
                return await _journal.RenewedAsync(run, state, started, kept.Pending.Reason, kept.Pending.OrderUrl, kept.Imported, nameSetKey, cancellationToken);
            }
            if (RenewedByThisRequest(run, state))
            {
                EngineLog.AlreadyRenewed(_logger, subject.Lb.Name, subject.Certificate.Name);
                return Outcome(subject, LbOutcomeKind.NotDue, "renewed by an earlier delivery of this request", null, null, null, state.NextCheck);
            }
            var continuesRetry = ContinuesRetryableFailure(run, state);
            StoredCertificateInfo? stored = null;
            var plan = RenewalPlanner.HoldBack(state, started, run.Force, continuesRetry);
            if (plan is null)
            {
                stored = await _certificates.GetInfoAsync(subject.StoreName, cancellationToken);
                plan = await PlanAsync(run, subject, state, stored, started, continuesRetry, cancellationToken);
            }
            switch (plan.Kind)
            {
                case RenewalPlanKind.BackingOff:
                    return Outcome(subject, LbOutcomeKind.BackingOff, $"{state.ConsecutiveFailures} failure(s); next attempt {plan.Until:O}", state.LastProblem, null, null, plan.Until);
                case RenewalPlanKind.NotDue:
                    await _journal.NextCheckAsync(state, plan.Until!.Value, nameSetKey, cancellationToken);
                    return Outcome(subject, LbOutcomeKind.NotDue, null, null, stored?.Leaf.SerialNumber, NotAfter(stored), plan.Until);
                case RenewalPlanKind.Deferred:
                    return await DeferAsync(subject, state, plan.Reason, plan.Until!.Value, plan.WaitingFor ?? NameSetLimit, nameSetKey, cancellationToken);
            }
            BudgetReservation? reservation = null;
            if (plan.CountedAgainstBudget)
            {
                // The clock now, not at the start: planning (store, ARI) took time, and a stale stamp would read as earlier than
                // reservations other LBs took meanwhile.
                var answer = await _budgets.TryReserveAsync(names, subject.Key, _time.GetUtcNow(), run.Fleet.Renewal.FirstIssuanceStagger, cancellationToken);
                if (answer.Reservation is null)
                {
                    return await DeferAsync(subject, state, plan.Reason, answer.NextAllowed, answer.Limit ?? NameSetLimit, nameSetKey, cancellationToken);
                }
                reservation = answer.Reservation;
            }
            state = await _journal.OrderStartingAsync(state, cancellationToken);
            EngineLog.Renewing(_logger, subject.Lb.Name, subject.Certificate.Name, plan.Reason);
            var request = new OrderRequest(run.Account, run.Fleet, subject.Lb, names, subject.Certificate.KeyType, plan.Replaces, subject.Certificate.Profile);
            var issued = await OrderAsync(request, reservation, subject.Key, cancellationToken);
            orderUrl = issued.OrderUrl;
            using (issued.Chain)
            using (issued.Key)
            {
                using var bundle = CertificateBundle.From(issued.Chain, issued.Key);
                var tags = CertificateTags.Create(subject.Lb.Name, issued.Chain.Leaf, _acme.DirectoryUrl, issued.OrderUrl, issued.CertificateUrl, AriCertificateId.Compute(issued.Chain.Leaf), subject.Certificate.Name);
                var imported = await _pending.ImportOrKeepAsync(subject.Key, subject.StoreName, bundle, tags, plan.Reason.ToString(), orderUrl, cancellationToken);
                return await _journal.RenewedAsync(run, state, started, plan.Reason.ToString(), orderUrl, imported, nameSetKey, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await _journal.FailedAsync(run, state, started, orderUrl, e, nameSetKey);
        }
    }

    /// <summary>
    /// A redelivery of a message whose first delivery renewed this certificate and then failed on another one: the
    /// request is done for this certificate, even when it was forced. Unknown when the message had no time.
    /// </summary>
    private static bool RenewedByThisRequest(RunContext run, LbState state) =>
        run.Redelivered && run.RequestedAt is { } asked && asked > DateTimeOffset.MinValue
        && state.LastOutcome == LbOutcomeKind.Renewed && state.LastAttempt >= asked;

    /// <summary>
    /// A redelivery skips the backoff only of a certificate whose last failure a prompt retry may fix: a sibling that
    /// failed for good (a rate limit, an invalid authorization) keeps waiting, whatever made the LB's message come back.
    /// </summary>
    private static bool ContinuesRetryableFailure(RunContext run, LbState state) =>
        run.Redelivered && state.LastOutcome == LbOutcomeKind.Failed && state.LastFailureRetryable;

    /// <summary>
    /// Reads what else the planner needs (ARI, the name set's budget) and asks it. The certificate's origin is judged
    /// against the directory this engine orders from (the client's, fixed at start), not a newer configuration, so
    /// what it orders next is always tagged with the directory it was compared against. ARI is not asked about a
    /// certificate of another directory: this CA did not issue it.
    /// </summary>
    private async Task<RenewalPlan> PlanAsync(RunContext run, RenewalSubject subject, LbState state, StoredCertificateInfo? stored, DateTimeOffset now, bool continuesRetry, CancellationToken cancellationToken)
    {
        var current = stored is null ? null : CurrentCertificates.From(stored, _acme.DirectoryUrl);
        return RenewalPlanner.Plan(new PlanInput
        {
            // The planner tells this subject's own reservations from the others' by the state's Lb; reservations are
            // taken with the subject key, so that is what it must compare (the state itself keeps the LB's name).
            State = state with { Lb = subject.Key },
            Current = current,
            Ari = stored is null || current!.FromAnotherDirectory ? null : await TryRenewalInfoAsync(subject.Key, stored, cancellationToken),
            Names = subject.Names,
            KeyType = subject.Certificate.KeyType,
            Now = now,
            Force = run.Force,
            Redelivered = continuesRetry,
            Policy = run.Fleet.Renewal,
            CountedIssuances = await _budgets.GetReservationsAsync(subject.Names, now, cancellationToken),
        });
    }

    /// <summary>The order; a reservation whose order produced no certificate is given back, since the CA counted nothing.</summary>
    private async Task<Acme.Certificates.IssuedCertificate> OrderAsync(OrderRequest request, BudgetReservation? reservation, string subject, CancellationToken cancellationToken)
    {
        try
        {
            return await _orders.ExecuteAsync(request, cancellationToken);
        }
        catch when (reservation is not null)
        {
            try
            {
                await _budgets.ReleaseAsync(request.Names, reservation, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                EngineLog.ReleaseFailed(_logger, subject, e.Message);
            }
            throw;
        }
    }

    private async Task<LbOutcome> DeferAsync(RenewalSubject subject, LbState state, RenewalReason reason, DateTimeOffset allowedAt, string limit, string nameSetKey, CancellationToken cancellationToken)
    {
        await _journal.DeferredAsync(state, reason.ToString(), allowedAt, limit, nameSetKey, cancellationToken);
        EngineLog.Waiting(_logger, subject.Lb.Name, subject.Certificate.Name, reason, allowedAt, limit);
        return Outcome(subject, LbOutcomeKind.Deferred, reason.ToString(), $"due, but waits for a limit: {limit}", null, null, allowedAt);
    }

    private async Task<RenewalInfo?> TryRenewalInfoAsync(string subject, StoredCertificateInfo stored, CancellationToken cancellationToken)
    {
        try
        {
            return await _acme.GetRenewalInfoAsync(stored.Leaf, cancellationToken);
        }
        catch (Exception e) when (e is AcmeException or ArgumentException)
        {
            // ARI is advice; without it the lifetime backstop still protects the LB.
            EngineLog.AriUnavailable(_logger, subject, e.Message);
            return null;
        }
    }

    private static LbOutcome Outcome(RenewalSubject subject, LbOutcomeKind kind, string? reason, string? detail, string? serial, DateTimeOffset? notAfter, DateTimeOffset? nextCheck) =>
        new(subject.Lb.Name, kind, reason, detail, serial, notAfter, nextCheck, Certificate: subject.Certificate.Name);

    private static DateTimeOffset? NotAfter(StoredCertificateInfo? stored) => stored is null ? null : new DateTimeOffset(stored.Leaf.NotAfter.ToUniversalTime());
}
