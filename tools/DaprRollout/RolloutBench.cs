using System.Diagnostics;
using System.Globalization;
using System.Net;
using LbAcme.DaprRollout.Rig;
using LbAcme.LocalEnvironment;

namespace LbAcme.DaprRollout;

/// <summary>
/// The rollout figures of Dapr on the LB. One LB (<see cref="RolloutLb"/>), a request loop of fresh TLS connections
/// against its HAProxy for the whole run. First, with a long poll Interval: each sample imports a new version and
/// publishes its Key Vault event through the double, and times import -> HAProxy presenting the new serial (a
/// handshake probe every --probe-ms). Then, the sidecar restarted with a short Interval: the event is lost (import
/// only), each import at a random point of the poll cycle. Prints figures, asserts no timing: the exit code says only
/// whether every version was served, every delivery answered SUCCESS, no handshake failed and HAProxy kept its PID.
/// </summary>
internal static class RolloutBench
{
    private static readonly IPAddress Address = IPAddress.Parse("127.0.12.1");
    private static readonly TimeSpan RequestPause = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        Progress.Step($"starting HAProxy, the Dapr double and lb-sidecar ({SidecarBinary.Native ?? "JIT build"}), poll Interval {options.Interval.TotalSeconds:0} s, events on");
        await using var lb = await RolloutLb.StartAsync(new RolloutLbOptions
        {
            Address = Address,
            Interval = options.Interval,
            Events = true,
            Directory = TestTools.NewScratchDirectory("dapr-rollout"),
        }, cancellationToken);
        var haproxyPid = lb.HaProxy.ProcessId;
        var probe = new ServingClock(lb.Endpoint, RolloutLb.ServiceName, options.ProbeEvery);
        var problems = new List<string>();
        List<TimeSpan> withEvents;
        List<TimeSpan> eventLost;
        long handshakes;
        long failed;
        string? lastFailure;
        await using (var requests = HandshakeLoop.Start(lb.Endpoint, RolloutLb.ServiceName, RequestPause))
        {
            withEvents = await WithEventsAsync(lb, probe, options, problems, cancellationToken);
            eventLost = [];
            if (options.LostSamples > 0)
            {
                Progress.Step($"restarting lb-sidecar with poll Interval {options.LostInterval.TotalSeconds:0} s (HAProxy and the request loop keep running)");
                await lb.StartSidecarAsync(options.LostInterval, events: true, cancellationToken);
                eventLost = await EventLostAsync(lb, probe, options, problems, cancellationToken);
            }
            handshakes = requests.Handshakes + probe.Probes;
            failed = requests.Failures + probe.Failures;
            lastFailure = requests.LastFailure ?? probe.LastFailure;
            Report(withEvents, eventLost, options, lb, (requests.Handshakes, requests.Failures, probe.Probes, probe.Failures));
        }
        var pidNow = lb.HaProxy.HasExited ? -1 : lb.HaProxy.ProcessId;
        Console.WriteLine(Invariant($"handshakes during swaps: {handshakes}, failed {failed}"));
        Console.WriteLine(Invariant($"HAProxy PID {haproxyPid} at start, {(pidNow == -1 ? "exited" : pidNow.ToString(CultureInfo.InvariantCulture))} at end ({(pidNow == haproxyPid ? "unchanged" : "CHANGED")})"));
        if (failed > 0)
        {
            problems.Add($"{failed} failed handshakes, the last: {lastFailure}");
        }
        if (pidNow != haproxyPid)
        {
            problems.Add("HAProxy's PID changed or it exited:\n" + lb.HaProxy.Output);
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("problem: " + problem);
        }
        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<List<TimeSpan>> WithEventsAsync(RolloutLb lb, ServingClock probe, BenchOptions options, List<string> problems, CancellationToken cancellationToken)
    {
        var samples = new List<TimeSpan>();
        for (var i = 1; i <= options.Samples; i++)
        {
            // Renewals are far apart: leave the coalescing window of the last woken round behind, at a random offset.
            await Task.Delay(options.Gap + Jitter(TimeSpan.FromSeconds(1)), cancellationToken);
            var version = lb.Issue();
            var reads = lb.SecretReads;
            var clock = Stopwatch.StartNew();
            lb.Import(version);
            var delivery = lb.PublishAsync(version, cancellationToken);
            var served = await probe.UntilServedAsync(version.Serial, clock, TimeSpan.FromSeconds(60), cancellationToken);
            var delivered = await delivery;
            var deliveredAfter = clock.Elapsed;
            var line = Invariant($"event sample {i}/{options.Samples}: served after {Seconds(served)}, delivery {delivered.Status} after {delivered.Attempts} attempt(s), {lb.SecretReads - reads} secret read(s)");
            Progress.Step(line);
            if (delivered.Status != DaprDouble.DeliveryStatus.Success)
            {
                problems.Add($"{line}: {delivered.Error}");
            }
            if (served is { } took)
            {
                samples.Add(took);
            }
            else
            {
                problems.Add($"{line} (delivery answered after {deliveredAfter.TotalSeconds:0.000} s)\n{lb.Sidecar.Output}");
            }
        }
        return samples;
    }

    private static async Task<List<TimeSpan>> EventLostAsync(RolloutLb lb, ServingClock probe, BenchOptions options, List<string> problems, CancellationToken cancellationToken)
    {
        var samples = new List<TimeSpan>();
        for (var i = 1; i <= options.LostSamples; i++)
        {
            // An import lands anywhere in the poll cycle.
            await Task.Delay(Jitter(options.LostInterval), cancellationToken);
            var version = lb.Issue();
            var clock = Stopwatch.StartNew();
            lb.Import(version);
            var served = await probe.UntilServedAsync(version.Serial, clock, options.LostInterval + TimeSpan.FromSeconds(60), cancellationToken);
            var line = Invariant($"event-lost sample {i}/{options.LostSamples}: served after {Seconds(served)}");
            Progress.Step(line);
            if (served is { } took)
            {
                samples.Add(took);
            }
            else
            {
                problems.Add($"{line}\n{lb.Sidecar.Output}");
            }
        }
        return samples;
    }

    private static void Report(List<TimeSpan> withEvents, List<TimeSpan> eventLost, BenchOptions options, RolloutLb lb, (long Requests, long RequestFailures, long Probes, long ProbeFailures) counts)
    {
        var events = Figures.Of(withEvents);
        var lost = Figures.Of(eventLost);
        var bound = options.LostInterval.TotalSeconds + 1;
        Console.WriteLine(Invariant($"dapr rollout, events: median {events.Median:0.000} s, p90 {events.P90:0.000} s, max {events.Max:0.000} s ({events.Count} samples, poll Interval {options.Interval.TotalSeconds:0} s); target < 2 s median"));
        if (options.LostSamples > 0)
        {
            Console.WriteLine(Invariant($"dapr rollout, event lost (Interval {options.LostInterval.TotalSeconds:0} s): median {lost.Median:0.000} s, max {lost.Max:0.000} s ({lost.Count} samples); bound Interval + 1 s = {bound:0} s, max {(lost.Max <= bound ? "within" : "OVER")}"));
        }
        Console.WriteLine(Invariant($"  request loop {counts.Requests} (failed {counts.RequestFailures}), serial probes {counts.Probes} (failed {counts.ProbeFailures}); secret reads in all {lb.SecretReads}"));
        Console.WriteLine(Invariant($"  each event sample (s): {string.Join(" ", withEvents.Select(s => s.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))}"));
        if (options.LostSamples > 0)
        {
            Console.WriteLine(Invariant($"  each event-lost sample (s): {string.Join(" ", eventLost.Select(s => s.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))}"));
        }
    }

    private static string Seconds(TimeSpan? took) => took is { } t ? Invariant($"{t.TotalSeconds:0.000} s") : "NEVER";

#pragma warning disable CA5394 // timing jitter, not security
    private static TimeSpan Jitter(TimeSpan upTo) => upTo * Random.Shared.NextDouble();
#pragma warning restore CA5394

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
