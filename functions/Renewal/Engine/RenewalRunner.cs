using System.Collections.Concurrent;
using System.Globalization;
using LbAcme.Acme;
using LbAcme.Acme.Resources;
using LbAcme.Core.Fleet;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// A run over the fleet: the one ACME account, then every LB with bounded parallelism, each isolated and each
/// covering all of the fleet's certificates (or the one asked for): <see cref="LbRenewal"/> turns every failure into an outcome.
/// </summary>
public sealed partial class RenewalRunner : IRenewalRunner
{
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly RenewalEngineOptions _options;
    private readonly AcmeClient _acme;
    private readonly FleetAccount _account;
    private readonly LbRenewal _lbRenewal;
    private readonly IRunJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RenewalRunner(IOptionsMonitor<FleetOptions> fleet, IOptions<RenewalEngineOptions> options, AcmeClient acme, FleetAccount account, LbRenewal lbRenewal, IRunJournal journal, TimeProvider time, ILogger<RenewalRunner> logger)
    {
        _fleet = fleet;
        _options = options.Value;
        _acme = acme;
        _account = account;
        _lbRenewal = lbRenewal;
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    public async Task<RunReport> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fleet = _fleet.CurrentValue;
        var started = _time.GetUtcNow();
        List<LoadBalancerOptions> lbs = [.. fleet.LoadBalancers];
        if (request.OnlyLb is { } only)
        {
            if (fleet.FindLoadBalancer(only) is not { } one)
            {
                return new RunReport(NewRunId(started), started, _time.GetUtcNow(), [LbOutcome.UnknownLb(only)]);
            }
            lbs = [one];
        }
        if (CertificatesOf(fleet, request.OnlyCertificate) is not { } certificates)
        {
            return new RunReport(NewRunId(started), started, _time.GetUtcNow(), [LbOutcome.UnknownCertificate(request.OnlyLb ?? "*", request.OnlyCertificate!)]);
        }
        var runId = NewRunId(started);
        LogRunStarted(_logger, runId, request.Trigger, lbs.Count, certificates.Count);
        var account = await _account.GetAsync(_acme, fleet, _options.AccountKeyName, cancellationToken);
        var run = new RunContext(runId, request.Trigger, request.Force, fleet, account);
        var outcomes = new ConcurrentBag<LbOutcome>();
        await Parallel.ForEachAsync(lbs, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken },
            async (lb, ct) => outcomes.Add(await _lbRenewal.RunAsync(run, lb, certificates, ct)));
        var ordered = outcomes.OrderBy(o => o.Lb, StringComparer.Ordinal).ToList();
        var renewed = ordered.Sum(o => o.PerCertificate.Count(c => c.Outcome == LbOutcomeKind.Renewed));
        var failed = ordered.Sum(o => o.PerCertificate.Count(c => c.Outcome == LbOutcomeKind.Failed));
        LogRunFinished(_logger, runId, renewed, failed);
        return new RunReport(runId, started, _time.GetUtcNow(), ordered);
    }

    public async Task<LbOutcome> RenewAsync(LbRenewalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fleet = _fleet.CurrentValue;
        if (fleet.FindLoadBalancer(request.Lb) is not { } lb)
        {
            return LbOutcome.UnknownLb(request.Lb);
        }
        if (CertificatesOf(fleet, request.Certificate) is not { } certificates)
        {
            return LbOutcome.UnknownCertificate(lb.Name, request.Certificate!);
        }
        var started = _time.GetUtcNow();
        var runId = NewRunId(started);
        AcmeAccount account;
        try
        {
            account = await _account.GetAsync(_acme, fleet, _options.AccountKeyName, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var retryable = FailureRetry.IsPromptlyRetryable(e);
            return LbOutcomes.Combine(lb.Name, [.. certificates.Select(c => new LbOutcome(lb.Name, LbOutcomeKind.Failed, "account",
                $"could not read the ACME account: {e.Message}", null, null, null, retryable, c.Name))]);
        }
        var run = new RunContext(runId, request.Trigger, request.Force, fleet, account, request.Redelivered, request.RequestedAt);
        return await _lbRenewal.RunAsync(run, lb, certificates, cancellationToken);
    }

    public async Task RecordPoisonedAsync(string lb, string certificate, string detail, CancellationToken cancellationToken)
    {
        var state = await _journal.GetStateAsync(FleetCertificates.SubjectKey(lb, certificate), cancellationToken) ?? new LbState { Lb = lb, Certificate = certificate };
        await _journal.SaveStateAsync(state with { Lb = lb, Certificate = certificate, LastAttempt = _time.GetUtcNow(), LastOutcome = LbOutcomeKind.Poisoned, LastProblem = detail }, cancellationToken);
    }

    /// <summary>Every certificate of the fleet, or the one named; null when the fleet has no certificate of that name.</summary>
    private static IReadOnlyList<FleetCertificate>? CertificatesOf(FleetOptions fleet, string? only) =>
        only is null ? FleetCertificates.All(fleet) : FleetCertificates.Find(fleet, only) is { } one ? [one] : null;

    /// <summary>Sortable by start within a day, unique across instances.</summary>
    private static string NewRunId(DateTimeOffset started) =>
        started.UtcDateTime.ToString("HHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Renewal run {RunId} ({Trigger}) over {Count} load balancer(s), {Certificates} certificate(s) each")]
    private static partial void LogRunStarted(ILogger logger, string runId, string trigger, int count, int certificates);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Renewal run {RunId} done: {Renewed} certificate(s) renewed, {Failed} failed")]
    private static partial void LogRunFinished(ILogger logger, string runId, int renewed, int failed);
}
