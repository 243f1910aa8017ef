using LbAcme.Acme;
using LbAcme.Acme.Ari;
using LbAcme.Acme.Certificates;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// One LB's turn in a run: take its lock (or skip), decide, order with HTTP-01 through the shared store,
/// self-test, let the CA validate, import, and always clean up its challenges and journal the attempt.
/// Every failure ends here as an outcome; nothing escapes to stop the other LBs.
/// </summary>
public sealed partial class LbRenewal
{
    private static readonly IReadOnlySet<string> ReadyOnly = new HashSet<string> { AcmeStatus.Ready };
    private readonly AcmeClient _acme;
    private readonly ICertificateStore _certificates;
    private readonly IChallengeStore _challenges;
    private readonly IRunJournal _journal;
    private readonly ILbLock _locks;
    private readonly SelfTest _selfTest;
    private readonly RenewalEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public LbRenewal(AcmeClient acme, ICertificateStore certificates, IChallengeStore challenges, IRunJournal journal, ILbLock locks, SelfTest selfTest, RenewalEngineOptions options, TimeProvider time, ILogger<LbRenewal> logger)
    {
        _acme = acme;
        _certificates = certificates;
        _challenges = challenges;
        _journal = journal;
        _locks = locks;
        _selfTest = selfTest;
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
            state = held is null ? new LbState { Lb = lb.Name } : await _journal.GetStateAsync(lb.Name, cancellationToken) ?? new LbState { Lb = lb.Name };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store did not answer for this LB; the others go on, and this one is simply tried next run.
            LogFailed(_logger, lb.Name, "store", e.Message);
            return new LbOutcome(lb.Name, LbOutcomeKind.Failed, "store", $"could not take locks/{lb.Name} or read its state: {e.Message}", null, null, null, Retryable: true);
        }
        if (held is null)
        {
            LogLocked(_logger, lb.Name);
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
        var names = RunContext.NamesFor(run.Fleet, lb);
        var nameSetKey = RunContext.NameSetKey(names);
        var deposited = new List<string>();
        Uri? orderUrl = null;
        try
        {
            // Holding the lock, anything under our prefix is a leftover of a run that died: remove it.
            await RemoveChallengesAsync(lb.Name, (await _challenges.ListAsync(lb.Name, cancellationToken)).Select(c => c.Token).ToList(), cancellationToken);
            if (!run.Force && !run.Redelivered && state.NextAttempt is { } retryAt && retryAt > started)
            {
                return new LbOutcome(lb.Name, LbOutcomeKind.BackingOff, $"{state.ConsecutiveFailures} failure(s); next attempt {retryAt:O}", state.LastProblem, null, null, retryAt);
            }
            var certificateName = CertificateName.For(_options.CertificateName, lb.Name);
            var stored = await _certificates.GetInfoAsync(certificateName, cancellationToken);
            var current = stored is null ? null : CurrentCertificates.From(stored);
            var keyType = Enum.Parse<KeyType>(run.Fleet.KeyType);
            var ari = stored is null ? null : await TryRenewalInfoAsync(lb.Name, stored, cancellationToken);
            var decision = run.Force
                ? RenewalDecision.Now(RenewalReason.Forced, started, current?.Names.Intersect(names, StringComparer.OrdinalIgnoreCase).Any() == true ? current.AriId : null)
                : RenewalPolicy.Decide(current, names, keyType, ari, started,
                    new BackstopFractions(run.Fleet.Renewal.BackstopRemainingFraction, run.Fleet.Renewal.ShortLivedBackstopRemainingFraction),
                    run.Fleet.Renewal.CheckInterval);
            if (!decision.Renew)
            {
                await _journal.SaveStateAsync(state with { NextCheck = decision.NextCheck, NameSetKey = nameSetKey }, cancellationToken);
                return new LbOutcome(lb.Name, LbOutcomeKind.NotDue, null, null, stored?.Leaf.SerialNumber, current?.NotAfter, decision.NextCheck);
            }
            var counted = decision.Replaces is null;
            if (counted && !run.TryReserveIssuance(nameSetKey, started, run.Fleet.Renewal.FirstIssuanceStagger, out var allowedAt))
            {
                await _journal.SaveStateAsync(state with { NextCheck = allowedAt, NameSetKey = nameSetKey }, cancellationToken);
                return new LbOutcome(lb.Name, LbOutcomeKind.Deferred, "LBs sharing one name set: issuance staggered (5 per 7 days)", null, null, null, allowedAt);
            }
            try
            {
                LogRenewing(_logger, lb.Name, decision.Reason);
                var (issued, url) = await OrderAsync(run, lb, names, keyType, decision.Replaces, deposited, cancellationToken);
                orderUrl = url;
                using (issued.Chain)
                using (issued.Key)
                {
                    using var bundle = CertificateBundle.From(issued.Chain, issued.Key);
                    var tags = CertificateTags.Create(lb.Name, issued.Chain.Leaf, issued.OrderUrl, issued.CertificateUrl, AriCertificateId.Compute(issued.Chain.Leaf));
                    var imported = await _certificates.ImportAsync(certificateName, bundle, tags, cancellationToken);
                    var notAfter = new DateTimeOffset(imported.Leaf.NotAfter.ToUniversalTime());
                    await _journal.SaveStateAsync(state with
                    {
                        LastAttempt = started,
                        LastOutcome = nameof(LbOutcomeKind.Renewed),
                        LastReason = decision.Reason.ToString(),
                        LastProblem = null,
                        ConsecutiveFailures = 0,
                        NextAttempt = null,
                        NextCheck = null,
                        NameSetKey = nameSetKey,
                        CountedIssuances = counted ? [.. state.CountedIssuances.Where(t => t > started - IssuanceBudget.Window), started] : state.CountedIssuances,
                    }, cancellationToken);
                    await JournalAsync(run, lb.Name, started, nameof(LbOutcomeKind.Renewed), decision.Reason.ToString(), orderUrl, null, imported.Leaf.SerialNumber, notAfter, cancellationToken);
                    LogRenewed(_logger, lb.Name, imported.Leaf.SerialNumber, notAfter);
                    return new LbOutcome(lb.Name, LbOutcomeKind.Renewed, decision.Reason.ToString(), null, imported.Leaf.SerialNumber, notAfter, null);
                }
            }
            catch when (counted)
            {
                run.ReleaseIssuance(nameSetKey, started);
                throw;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = state.ConsecutiveFailures + 1;
            var retryAfter = (e as AcmeException)?.RetryAfter;
            var nextAttempt = FailureBackoff.NextAttempt(started, failures, retryAfter);
            var problemType = (e as AcmeProblemException)?.ErrorType ?? e.GetType().Name;
            await TrySaveFailureAsync(state with
            {
                LastAttempt = started,
                LastOutcome = nameof(LbOutcomeKind.Failed),
                LastProblem = e.Message,
                ConsecutiveFailures = failures,
                NextAttempt = nextAttempt,
                NameSetKey = nameSetKey,
            }, run, lb.Name, started, orderUrl, e, problemType);
            LogFailed(_logger, lb.Name, problemType, e.Message);
            return new LbOutcome(lb.Name, LbOutcomeKind.Failed, problemType, e.Message, null, null, nextAttempt, FailureRetry.IsPromptlyRetryable(e));
        }
        finally
        {
            await RemoveChallengesAsync(lb.Name, deposited, CancellationToken.None);
        }
    }

    private async Task<(IssuedCertificate Issued, Uri OrderUrl)> OrderAsync(RunContext run, LoadBalancerOptions lb, IReadOnlyList<string> names, KeyType keyType, string? replaces, List<string> deposited, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.OrderDeadline);
        var ct = deadline.Token;
        var account = run.Account;
        AcmeOrder order;
        try
        {
            order = await _acme.NewOrderAsync(account, new NewOrderRequest(names) { Profile = run.Fleet.Profile, Replaces = replaces }, ct);
        }
        catch (AcmeProblemException e) when (replaces is not null && e.ErrorType == AcmeErrorTypes.AlreadyReplaced)
        {
            // Someone (or a killed run) already replaced it: a plain order is still right, just not ARI-exempt.
            order = await _acme.NewOrderAsync(account, new NewOrderRequest(names) { Profile = run.Fleet.Profile }, ct);
        }
        var selfTestChallenges = new List<SelfTestChallenge>();
        var toValidate = new List<(Uri Authorization, ChallengeResource Challenge)>();
        foreach (var authorizationUrl in order.Resource.Authorizations)
        {
            var authorization = await _acme.GetAuthorizationAsync(account, authorizationUrl, ct);
            if (authorization.Status == AcmeStatus.Valid)
            {
                continue;
            }
            var challenge = authorization.Http01 ?? throw new AcmeProtocolException($"The CA offers no http-01 challenge for {authorization.Identifier?.Value}.", authorizationUrl);
            var keyAuthorization = AcmeClient.KeyAuthorization(account.Key, challenge.Token!);
            await _challenges.PutAsync(lb.Name, challenge.Token!, keyAuthorization, ct);
            deposited.Add(challenge.Token!);
            selfTestChallenges.Add(new SelfTestChallenge(challenge.Token!, authorization.Identifier?.Value ?? names[0], keyAuthorization, lb.Name));
            toValidate.Add((authorizationUrl, challenge));
        }
        if (toValidate.Count > 0)
        {
            await _challenges.TouchMarkerAsync(lb.Name, ct);
            var failure = await _selfTest.RunAsync(SelfTestTargets(run.Fleet, lb), selfTestChallenges, _options.SelfTestDeadline, _options.SelfTestRequestTimeout, ct);
            if (failure is not null)
            {
                throw new SelfTestFailedException(failure);
            }
        }
        foreach (var (_, challenge) in toValidate)
        {
            await _acme.RespondToChallengeAsync(account, challenge.Url!, ct);
        }
        foreach (var (authorizationUrl, _) in toValidate)
        {
            await _acme.WaitForAuthorizationAsync(account, authorizationUrl, _options.OrderDeadline, ct);
        }
        var ready = await _acme.WaitForOrderAsync(account, order, ReadyOnly, _options.OrderDeadline, ct);
        return (await _acme.FinalizeAndDownloadAsync(account, ready, keyType, _options.OrderDeadline, ct), order.Location);
    }

    private List<SelfTestTarget> SelfTestTargets(FleetOptions fleet, LoadBalancerOptions owner)
    {
        var others = fleet.LoadBalancers.Where(l => l.Name != owner.Name).ToList();
        if (_options.SelfTestLbSample > 0 && others.Count > _options.SelfTestLbSample)
        {
            others = others.OrderBy(_ => Random.Shared.Next()).Take(_options.SelfTestLbSample).ToList();
        }
        return
        [
            .. fleet.Vips.Select(v => new SelfTestTarget(v, _options.PublicHttpPort, Required: true)),
            new SelfTestTarget(owner.Address, owner.HttpPort, Required: false, Owner: true),
            .. others.Select(l => new SelfTestTarget(l.Address, l.HttpPort, Required: false)),
        ];
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
            LogAriUnavailable(_logger, lb, e.Message);
            return null;
        }
    }

    private async Task RemoveChallengesAsync(string lb, List<string> tokens, CancellationToken cancellationToken)
    {
        if (tokens.Count == 0)
        {
            return;
        }
        try
        {
            foreach (var token in tokens)
            {
                await _challenges.DeleteAsync(lb, token, cancellationToken);
            }
            await _challenges.TouchMarkerAsync(lb, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next run for this LB removes leftovers first; the store's lifecycle rule is the last resort.
            LogCleanupFailed(_logger, lb, e.Message);
        }
    }

    private async Task TrySaveFailureAsync(LbState state, RunContext run, string lb, DateTimeOffset started, Uri? orderUrl, Exception e, string problemType)
    {
        try
        {
            await _journal.SaveStateAsync(state, CancellationToken.None);
            await JournalAsync(run, lb, started, nameof(LbOutcomeKind.Failed), problemType, orderUrl, e, null, null, CancellationToken.None);
        }
        catch (Exception journalError) when (journalError is not OperationCanceledException)
        {
            LogJournalFailed(_logger, lb, journalError.Message);
        }
    }

    private Task JournalAsync(RunContext run, string lb, DateTimeOffset started, string outcome, string? reason, Uri? orderUrl, Exception? error, string? serial, DateTimeOffset? notAfter, CancellationToken cancellationToken) =>
        _journal.AppendAsync(new RunRecord(run.RunId, lb, run.Trigger, started, _time.GetUtcNow(), outcome, reason, orderUrl,
            (error as AcmeProblemException)?.Problem.Type, error?.Message, serial, notAfter), cancellationToken);
}
