using System.Diagnostics;
using System.Globalization;
using LbAcme.Functions.Local;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Runs;

namespace LbAcme.LocalRun;

/// <summary>
/// Renewal wall time for fleets of N LBs: a fresh local fleet per N (real sidecars, Azurite, Pebble with
/// PEBBLE_VA_NOSLEEP=1), then several timed runs through the function app's stand-in host and the real queue that must each renew
/// every LB (the first fires the timer and issues, the others are forced renewals through the Renew function, every one with new orders and validations). Start-up is not timed. The figure per N
/// is the median: one run moves by up to a sidecar poll interval with where that poll falls. With <c>--certificates C</c>
/// each fleet has C certificates (<c>Fleet:Certificates</c>) and every run must renew all N x C (LB, certificate) pairs.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Options.Ints(args, "--sizes", [1, 10, 50]);
        var rounds = Options.Int(args, "--rounds", 3, 1, 20);
        var certificates = Options.Int(args, "--certificates", 0, 0, 20);
        var perLb = Math.Max(1, certificates);
        var results = new List<SizeResult>();
        var subnet = 210;
        foreach (var n in sizes)
        {
            Progress.Step($"N={n}: starting Azurite, Pebble and {n} lb-sidecar processes{(certificates > 0 ? $", {certificates} certificates per LB" : "")}");
            // Sidecars at their product defaults (store polled every 2 s): the figure is what a real fleet would see.
            await using var fleet = await LocalFleet.StartAsync(n, subnet: subnet++, fastStorePolling: false, certificates: certificates);
            var arguments = fleet.EngineSettings().Select(s => $"--{s.Key}={s.Value}").Append("--Logging:LogLevel:Default=None").ToArray();
            // The queue path, as in Azure: timer (or Renew) function -> one message per LB -> RenewLb invocations.
            await using var host = await LocalFunctionsHost.StartAsync(arguments, CancellationToken.None);
            var result = new SizeResult(n, n * perLb);
            for (var round = 1; round <= rounds; round++)
            {
                var settled = await fleet.WaitForQuietAsync(TimeSpan.FromMinutes(3));
                Progress.Step($"N={n} round {round}/{rounds}: sidecars settled after {settled.TotalSeconds:0} s; renewing");
                var (renewed, seconds) = await TimeOneRunAsync(host, n, forced: round > 1);
                result.Add(renewed, seconds);
                Progress.Step($"N={n} round {round}/{rounds}: {renewed}/{result.Expected} renewed in {seconds:0.00} s");
            }
            result.Sidecars = fleet.Sidecars.Count(s => !s.HasExited);
            results.Add(result);
        }
        Console.WriteLine($"N     sidecars  renewed  wall time (s), median of {rounds} runs   each run (s)");
        foreach (var r in results)
        {
            var each = string.Join(" ", r.Seconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.N,-5} {r.Sidecars,-9} {r.FewestRenewed,-8} {r.Median,-31:0.00} {each}"));
        }
        Console.WriteLine(certificates > 0
            ? "renewal, many certificates (LBs x certificates): " + string.Join(", ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.N}x{certificates} ({r.Expected} certificates) {r.Median:0.0} s")))
            : "renewal: " + string.Join(", ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"N={r.N} {r.Median:0.0} s"))));
        return results.All(r => r.FewestRenewed == r.Expected) ? 0 : 1;
    }

    private static async Task<(int Renewed, double Seconds)> TimeOneRunAsync(LocalFunctionsHost host, int n, bool forced)
    {
        var clock = Stopwatch.StartNew();
        LocalRunResult result;
        try
        {
            result = forced
                ? await host.RenewAsync(lb: null, force: true, TimeSpan.FromMinutes(5), CancellationToken.None)
                : await host.FireTimerAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Progress.Step($"N={n}: the run failed before any LB: {e.Message}");
            return (0, clock.Elapsed.TotalSeconds);
        }
        clock.Stop();
        foreach (var other in result.Final.Where(o => o.Outcome != nameof(LbOutcomeKind.Renewed)))
        {
            Progress.Step($"N={n}: {other}");
        }
        return (result.Final.Count(o => o.Outcome == nameof(LbOutcomeKind.Renewed)), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Every timed run of one fleet size.</summary>
    private sealed class SizeResult(int n, int expected)
    {
        private readonly List<int> _renewed = [];
        private readonly List<double> _seconds = [];

        public int N { get; } = n;

        /// <summary>What each run must renew: every (LB, certificate) pair.</summary>
        public int Expected { get; } = expected;

        public int Sidecars { get; set; }

        public IReadOnlyList<double> Seconds => _seconds;

        /// <summary>The worst run's count: every run has to renew the whole fleet.</summary>
        public int FewestRenewed => _renewed.Count == 0 ? 0 : _renewed.Min();

        public double Median
        {
            get
            {
                var sorted = _seconds.Order().ToArray();
                var middle = sorted.Length / 2;
                return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            }
        }

        public void Add(int renewed, double seconds)
        {
            _renewed.Add(renewed);
            _seconds.Add(seconds);
        }
    }
}
