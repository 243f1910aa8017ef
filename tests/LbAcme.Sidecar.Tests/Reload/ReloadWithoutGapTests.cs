using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>
/// SIGHUP (systemctl reload) while clients keep asking :80: every request is answered. Before the reload existed,
/// SIGHUP ended the daemon and :80 refused connections until systemd restarted it; a restart drops :80 the same way.
/// </summary>
public sealed class ReloadWithoutGapTests
{
    private const int Reloads = 5;
    private const int KeepAliveClients = 4;
    private const int NewConnectionClients = 4;
    private const int MaxRequestsPerClient = 20_000;
    private static readonly TimeSpan MaxLoopTime = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_request_loop_on_port_80_sees_no_failed_request_across_several_reloads()
    {
        await using var sidecar = await ReloadingSidecar.StartAsync(ReloadingSidecar.Slot("lb0", "127.0.41.1"), new { });
        var target = sidecar.Process.PublicUri("/some/page?q=1");
        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        using var stop = new CancellationTokenSource(MaxLoopTime);

        async Task ClientAsync(bool newConnectionEachTime)
        {
            using var http = SidecarHttp.Create();
            for (var i = 0; i < MaxRequestsPerClient && !stop.IsCancellationRequested; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                request.Headers.Host = "svc.example.test";
                request.Headers.ConnectionClose = newConnectionEachTime;
                try
                {
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.MovedPermanently)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} after {Volatile.Read(ref answered)} answers");
                    }
                    else
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"{e.HttpRequestError}: {e.InnerException?.Message ?? e.Message}");
                }
            }
        }

        var clients = Enumerable.Range(0, KeepAliveClients + NewConnectionClients)
            .Select(i => Task.Run(() => ClientAsync(newConnectionEachTime: i >= KeepAliveClients)))
            .ToList();
        var reloaded = 0;
        var answeredDuringReloads = new List<int>();
        for (var i = 0; i < Reloads && !stop.IsCancellationRequested; i++)
        {
            var before = Volatile.Read(ref answered);
            await WaitForAnswersAsync(() => Volatile.Read(ref answered), before + 200, stop.Token);
            var stillRunning = await sidecar.ReloadAsync();
            reloaded += stillRunning ? 1 : 0;
            answeredDuringReloads.Add(Volatile.Read(ref answered) - before);
            if (!stillRunning)
            {
                break; // the old daemon: SIGHUP ended it; the clients have already seen what that costs
            }
        }
        var afterReloads = Volatile.Read(ref answered);
        await WaitForAnswersAsync(() => Volatile.Read(ref answered), afterReloads + 200, stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests of {answered + failures.Count}, first: {string.Join(" | ", failures.Take(5))}\n{sidecar.Process.Output}");
        Assert.Equal(Reloads, reloaded);
        Assert.Equal(Reloads, sidecar.Process.Output.Split('\n').Count(l => l.Contains("Reloaded: configuration", StringComparison.Ordinal)));
        Assert.True(afterReloads > Reloads * 200, $"only {afterReloads} requests answered around the reloads, so this test proved little");
    }

    /// <summary>Until <paramref name="count"/> reaches <paramref name="target"/>: clients are busy on both sides of each reload.</summary>
    private static async Task WaitForAnswersAsync(Func<int> count, int target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (count() < target && !cancellationToken.IsCancellationRequested && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
