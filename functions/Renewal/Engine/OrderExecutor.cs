using LbAcme.Acme;
using LbAcme.Acme.Certificates;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Renewal.Budgets;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// One ACME order with HTTP-01 through the shared store: newOrder, deposit each challenge under challenges/{lb}/,
/// self-test the public URL, tell the CA, wait, finalize and download. The challenges it deposited are removed
/// whatever happens. Errors are thrown to the caller, which turns them into the LB's outcome. An authorization the CA
/// found invalid is counted with <see cref="IIssuanceBudgets.RecordFailedValidationAsync"/> first: Let's Encrypt allows
/// only 5 failed validations per name per account per hour, and every LB and certificate orders through one account.
/// </summary>
public sealed class OrderExecutor
{
    private static readonly IReadOnlySet<string> ReadyOnly = new HashSet<string> { AcmeStatus.Ready };
    private readonly AcmeClient _acme;
    private readonly IChallengeStore _challenges;
    private readonly SelfTest _selfTest;
    private readonly IIssuanceBudgets _budgets;
    private readonly RenewalEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OrderExecutor(AcmeClient acme, IChallengeStore challenges, SelfTest selfTest, IIssuanceBudgets budgets, RenewalEngineOptions options, TimeProvider time, ILogger<OrderExecutor> logger)
    {
        _acme = acme;
        _challenges = challenges;
        _selfTest = selfTest;
        _budgets = budgets;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Holding the LB's lock, anything under its prefix is a leftover of a run that died: remove it.</summary>
    public async Task RemoveLeftoversAsync(string lb, CancellationToken cancellationToken) =>
        await RemoveChallengesAsync(lb, (await _challenges.ListAsync(lb, cancellationToken)).Select(c => c.Token).ToList(), cancellationToken);

    public async Task<IssuedCertificate> ExecuteAsync(OrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deposited = new List<string>();
        try
        {
            return await OrderAsync(request, deposited, cancellationToken);
        }
        finally
        {
            await RemoveChallengesAsync(request.Lb.Name, deposited, CancellationToken.None);
        }
    }

    private async Task<IssuedCertificate> OrderAsync(OrderRequest request, List<string> deposited, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.OrderDeadline);
        var ct = deadline.Token;
        var (account, lb, names) = (request.Account, request.Lb, request.Names);
        AcmeOrder order;
        try
        {
            order = await _acme.NewOrderAsync(account, new NewOrderRequest(names) { Profile = request.Profile, Replaces = request.Replaces }, ct);
        }
        catch (AcmeProblemException e) when (request.Replaces is not null && e.ErrorType == AcmeErrorTypes.AlreadyReplaced)
        {
            // Someone (or a killed run) already replaced it: a plain order is still right, just not ARI-exempt.
            order = await _acme.NewOrderAsync(account, new NewOrderRequest(names) { Profile = request.Profile }, ct);
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
            var selfTest = await _selfTest.RunAsync(SelfTestTargets(request.Fleet, lb), selfTestChallenges, _options.SelfTestDeadline, _options.SelfTestRequestTimeout, ct);
            if (!selfTest.Passed)
            {
                throw new SelfTestFailedException(selfTest);
            }
        }
        foreach (var (_, challenge) in toValidate)
        {
            await _acme.RespondToChallengeAsync(account, challenge.Url!, ct);
        }
        foreach (var (authorizationUrl, _) in toValidate)
        {
            try
            {
                await _acme.WaitForAuthorizationAsync(account, authorizationUrl, _options.OrderDeadline, ct);
            }
            catch (AcmeProblemException)
            {
                await RecordFailedValidationsAsync(account, toValidate.Select(v => v.Authorization).ToList(), ct);
                throw;
            }
        }
        var ready = await _acme.WaitForOrderAsync(account, order, ReadyOnly, _options.OrderDeadline, ct);
        return await _acme.FinalizeAndDownloadAsync(account, ready, request.KeyType, _options.OrderDeadline, ct);
    }

    /// <summary>
    /// The CA said one authorization is invalid: counts each identifier whose authorization is invalid now (the others
    /// of the order may have failed too). Best effort: the order's own failure is what the caller must see.
    /// </summary>
    private async Task RecordFailedValidationsAsync(AcmeAccount account, List<Uri> authorizations, CancellationToken cancellationToken)
    {
        try
        {
            var failed = new List<string>();
            foreach (var url in authorizations)
            {
                var authorization = await _acme.GetAuthorizationAsync(account, url, cancellationToken);
                if (authorization.Status == AcmeStatus.Invalid && authorization.Identifier?.Value is { } name)
                {
                    failed.Add(name);
                }
            }
            if (failed.Count > 0)
            {
                await _budgets.RecordFailedValidationAsync(failed, _time.GetUtcNow(), cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EngineLog.FailedValidationNotRecorded(_logger, e.Message);
        }
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
            EngineLog.CleanupFailed(_logger, lb, e.Message);
        }
    }
}
