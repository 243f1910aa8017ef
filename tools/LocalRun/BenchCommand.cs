using System.Diagnostics;
using System.Globalization;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using LbAcme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.LocalRun;

/// <summary>
/// Renewal wall time for fleets of N LBs: a fresh local fleet per N (real sidecars, Azurite, Pebble with
/// PEBBLE_VA_NOSLEEP=1), then one timed engine run that must renew every LB. Start-up is not timed.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Options.Ints(args, "--sizes", [1, 10, 50]);
        // Unset: the product default, which is what the figures are about.
        var parallelism = Options.Int(args, "--parallelism", 0, 0, 256);
        var results = new List<(int N, int Sidecars, int Renewed, double Seconds)>();
        var subnet = 210;
        foreach (var n in sizes)
        {
            Progress.Step($"N={n}: starting Azurite, Pebble and {n} lb-sidecar processes");
            // Sidecars at their product defaults (store polled every 2 s): the figure is what a real fleet would see.
            await using var fleet = await LocalFleet.StartAsync(n, subnet: subnet++, fastStorePolling: false);
            var settings = fleet.EngineSettings();
            if (parallelism > 0)
            {
                settings["Engine:MaxParallelism"] = parallelism.ToString(CultureInfo.InvariantCulture);
            }
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddRenewalEngine(configuration);
            await using var provider = services.BuildServiceProvider();
            var runner = provider.GetRequiredService<IRenewalRunner>();
            var settled = await fleet.WaitForQuietAsync(TimeSpan.FromMinutes(3));
            Progress.Step($"N={n}: sidecars settled after {settled.TotalSeconds:0} s; renewing");
            var clock = Stopwatch.StartNew();
            RunReport report;
            try
            {
                report = await runner.RunAsync(new RunRequest("bench"), CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Progress.Step($"N={n}: the run failed before any LB: {e.Message}");
                results.Add((n, fleet.Sidecars.Count(s => !s.HasExited), 0, clock.Elapsed.TotalSeconds));
                continue;
            }
            clock.Stop();
            var renewed = report.Outcomes.Count(o => o.Outcome == LbOutcomeKind.Renewed);
            foreach (var failed in report.Outcomes.Where(o => o.Outcome != LbOutcomeKind.Renewed))
            {
                Progress.Step($"N={n}: {failed.Lb} {failed.Outcome}: {failed.Detail}");
            }
            results.Add((n, fleet.Sidecars.Count(s => !s.HasExited), renewed, clock.Elapsed.TotalSeconds));
            Progress.Step($"N={n}: {renewed}/{n} renewed in {clock.Elapsed.TotalSeconds:0.00} s");
        }
        Console.WriteLine("N     sidecars  renewed  wall time (s)");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.N,-5} {r.Sidecars,-9} {r.Renewed,-8} {r.Seconds:0.00}"));
        }
        Console.WriteLine("renewal: " + string.Join(", ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"N={r.N} {r.Seconds:0.0} s"))));
        return results.All(r => r.Renewed == r.N) ? 0 : 1;
    }
}
