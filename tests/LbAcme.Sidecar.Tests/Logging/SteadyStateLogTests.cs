using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Logging;

/// <summary>
/// Three sidecars with a store, certificate sync and peers, after start-up: many store polls, full lists, sync
/// rounds and peer probes later they have logged nothing; a new token is one line.
/// </summary>
[Collection(LoggingGroup.Name)]
public sealed class SteadyStateLogTests(LoggingEnvironment env)
{
    [Fact]
    public async Task In_steady_state_only_a_change_is_logged()
    {
        var (slots, config, directory) = env.NewFleet("steady", "127.0.7.1", "127.0.7.2", "127.0.7.3");
        foreach (var slot in slots)
        {
            await env.PutGoodCertificateAsync(slot.Name);
        }
        var sidecars = new List<SidecarProcess>();
        try
        {
            foreach (var slot in slots)
            {
                sidecars.Add(await SidecarProcess.StartAsync(slot.Name, config, slot.Address, slot.HttpPort, slot.PeerPort,
                    env.SidecarArguments(directory, slot.Name, env.Azurite.ConnectionString)));
            }
            // Start-up is over once each has deployed its certificate and finished a round that found nothing new.
            foreach (var sidecar in sidecars)
            {
                await LoggingEnvironment.WaitForAsync(async () => (await LoggingEnvironment.MetricsAsync(sidecar)).Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"skipped\"") >= 1,
                    "first steady certificate round", sidecar);
            }
            var windows = sidecars.Select(s => new LogWindow(s)).ToList();
            var before = await Task.WhenAll(sidecars.Select(LoggingEnvironment.MetricsAsync));

            // Ten marker polls, two full lists and four certificate rounds each: all routine.
            for (var i = 0; i < sidecars.Count; i++)
            {
                var (sidecar, start) = (sidecars[i], before[i]);
                await LoggingEnvironment.WaitForAsync(async () =>
                {
                    var now = await LoggingEnvironment.MetricsAsync(sidecar);
                    return now.Sum("lbacme_sidecar_store_requests_total", "operation=\"marker\"") >= start.Sum("lbacme_sidecar_store_requests_total", "operation=\"marker\"") + 10
                        && now.Sum("lbacme_sidecar_store_requests_total", "operation=\"list\"") >= start.Sum("lbacme_sidecar_store_requests_total", "operation=\"list\"") + 2
                        && now.Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"skipped\"") >= start.Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"skipped\"") + 4;
                }, "ten polls, two full lists and four certificate rounds", sidecar);
            }
            foreach (var window in windows)
            {
                Assert.True(window.Lines().Count == 0, window.Describe());
            }

            // A new token is a change: one line, on the LB it is for.
            var token = FanOutTests.NewToken();
            await env.Store.PutAsync("lb0", token, token + ".key", CancellationToken.None);
            using var http = SidecarHttp.Create();
            await LoggingEnvironment.WaitForAsync(async () =>
            {
                using var response = await http.GetAsync(sidecars[0].PeerUri("/.well-known/acme-challenge/" + token));
                return response.IsSuccessStatusCode;
            }, "the new token served", sidecars[0]);
            var lines = windows[0].Lines();
            Assert.True(lines.Count == 1 && lines[0].Contains("1 new token", StringComparison.Ordinal), windows[0].Describe());
        }
        finally
        {
            foreach (var sidecar in sidecars)
            {
                await sidecar.DisposeAsync();
            }
        }
    }
}
