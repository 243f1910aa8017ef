using System.Globalization;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Served;

/// <summary>
/// The served-certificate probe: every VIP and LB address on the HTTPS port (<see cref="ProbeTarget.For"/>), at
/// most <see cref="ProbeOptions.MaxConcurrency"/> addresses at a time, each within <see cref="ProbeOptions.Timeout"/>
/// for all of its names (every certificate's), so a run over A addresses ends within ceil(A / MaxConcurrency) × Timeout. The fleet's roots
/// are read at each run, like the fleet itself, so a changed trust file needs no restart.
/// </summary>
public sealed partial class ServedProbe(IOptionsMonitor<FleetOptions> fleet, IOptions<ProbeOptions> options, TimeProvider time, ILogger<ServedProbe> logger) : IServedProbe
{
    public async Task<ServedReport> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var current = fleet.CurrentValue;
        var targets = ProbeTarget.For(current);
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        if (!TrustAnchors.TryLoad(current, out var anchors, out var anchorsProblem))
        {
            RootsUnavailable(logger, anchorsProblem);
        }
        var results = new IReadOnlyList<ServedObservation>[targets.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), parallel, async (i, token) =>
            results[i] = await ProbeAsync(targets[i], settings.Timeout, anchors, anchorsProblem, token));
        var report = new ServedReport(started, time.GetUtcNow(), [.. results.SelectMany(r => r)]);
        Summarize(report, targets.Count, time.GetElapsedTime(clock));
        return report;
    }

    /// <summary>
    /// Every name of one address (each certificate's names), one after the other, all within one deadline: a dead address
    /// costs one timeout however many certificates the fleet has, the names left are recorded as out of time.
    /// </summary>
    private async Task<IReadOnlyList<ServedObservation>> ProbeAsync(ProbeTarget target, TimeSpan timeout, TrustAnchors? anchors, string anchorsProblem, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var observations = new List<ServedObservation>(target.Names.Count);
        foreach (var name in target.Names)
        {
            var probedAt = time.GetUtcNow();
            var clock = time.GetTimestamp();
            using var result = target.Endpoint is not { } endpoint
                ? HandshakeResult.Failed(ServedFailure.InvalidAddress, IpAddressText.Problem(target.Address) ?? "not an IP address")
                : timer.IsCancellationRequested && observations.Count > 0
                    ? OutOfTime(observations[^1], timeout)
                    : await TlsHandshake.RunAsync(endpoint, name.ServerName, deadline.Token, cancellationToken);
            observations.Add(ServedCertificateCheck.Observe(target, name, probedAt, time.GetElapsedTime(clock), result, anchors, anchorsProblem, time.GetUtcNow()));
        }
        return observations;
    }

    /// <summary>A name not asked because the names before it used up the address's time: the same kind of timeout as theirs.</summary>
    private static HandshakeResult OutOfTime(ServedObservation previous, TimeSpan timeout) => HandshakeResult.Failed(
        previous.Failure is ServedFailure.ConnectTimeout ? ServedFailure.ConnectTimeout : ServedFailure.HandshakeTimeout,
        string.Create(CultureInfo.InvariantCulture, $"timed out: the address's {timeout.TotalSeconds:0.###} s ran out before this name was asked ({previous.ServerName}: {previous.Error ?? "answered"})"));

    private void Summarize(ServedReport report, int addresses, TimeSpan elapsed)
    {
        var now = time.GetUtcNow();
        var failed = 0;
        var notOk = 0;
        foreach (var observation in report.Observations)
        {
            var lb = observation.Lb ?? "-";
            if (observation.Error is { } error)
            {
                failed++;
                var failure = observation.Failure?.ToString() ?? "-";
                NoCertificate(logger, observation.Address, observation.Kind, lb, observation.ServerName, failure, error);
            }
            else if (ServedCertificateCheck.Problems(observation, now) is { Count: > 0 } problems)
            {
                notOk++;
                var text = string.Join("; ", problems);
                NotOk(logger, observation.Address, observation.Kind, lb, observation.ServerName, observation.Serial, text);
            }
        }
        var milliseconds = (long)elapsed.TotalMilliseconds;
        Probed(logger, addresses, report.Observations.Count, report.Observations.Count - failed - notOk, notOk, failed, milliseconds);
    }
}
