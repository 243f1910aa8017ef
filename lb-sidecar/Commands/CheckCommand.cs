using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Commands;

/// <summary>
/// <c>lb-sidecar check</c>: validates the configuration, then asks every LB's peer port (this one included)
/// for a token nobody holds and prints a table. A 404 proves the peer is up, serves challenges and lets this
/// LB in; a connection closed before any answer (or a 403 from an older sidecar) means its allow-list refuses us.
/// Exit 0 only when every row is fine.
/// </summary>
internal static class CheckCommand
{
    private const string CheckToken = "lb-acme-check";

    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSidecarCore(configuration);
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var errors = ConfigurationErrors.Validate(provider);
        if (errors.Count > 0)
        {
            return await ConfigurationErrors.ReportAsync(errors);
        }
        var directory = provider.GetRequiredService<PeerDirectory>();
        var sidecar = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var client = provider.GetRequiredService<IPeerClient>();
        var time = provider.GetRequiredService<TimeProvider>();

        var rows = await Task.WhenAll(directory.All.Select(peer => ProbeAsync(client, peer, directory.Self.Name, time)));
        var table = rows.ToList();
        if (sidecar.Store.IsConfigured)
        {
            table.Add(await ProbeStoreAsync(provider.GetRequiredService<IChallengeStore>(), directory.Self.Name, sidecar.Store, time));
        }
        await Console.Out.WriteLineAsync($"lb-sidecar check: configuration OK; this is {directory.Self.Name}");
        foreach (var note in FleetNames.Notes(configuration.GetSection(FleetOptions.SectionName)))
        {
            await Console.Out.WriteLineAsync($"note: {note}");
        }
        await Console.Out.WriteLineAsync(CheckTable.Render(table));
        var bad = table.Count(r => !r.Ok);
        await Console.Out.WriteLineAsync(bad == 0 ? "all reachable" : $"{bad} problem(s)");
        return bad == 0 ? SidecarCommandLine.Ok : SidecarCommandLine.Failed;
    }

    private static async Task<CheckRow> ProbeAsync(IPeerClient client, Peer peer, string self, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var answer = await client.AskAsync(peer, CheckToken, CancellationToken.None);
        var latency = time.GetElapsedTime(started);
        var name = peer.Name == self ? $"{peer.Name} (self)" : peer.Name;
        // A peer closes a connection from outside its allow-list on accept, before reading the request: reachable, refused.
        var closedOnAccept = answer.Result == PeerResult.Error && answer.Detail == nameof(HttpRequestError.ResponseEnded);
        var (ok, detail) = answer.Result switch
        {
            PeerResult.NotFound when answer.StatusCode == 404 => (true, "404 for an unknown token, as expected"),
            PeerResult.NotFound => (false, $"{answer.StatusCode}: its allow-list refuses this host"),
            PeerResult.Found => (true, "200"),
            _ when closedOnAccept => (false, "closed without an answer: its allow-list (Sidecar:Peers:AllowedNetworks) refuses this host"),
            _ => (false, $"{answer.Result.Label()}: {answer.Detail}"),
        };
        return new CheckRow(name, peer.Endpoint.ToString(), answer.Result.PeerAnswered() || closedOnAccept, latency, ok, detail);
    }

    private static async Task<CheckRow> ProbeStoreAsync(IChallengeStore store, string self, StoreOptions options, TimeProvider time)
    {
        var started = time.GetTimestamp();
        try
        {
            var marker = await store.GetMarkerETagAsync(self, CancellationToken.None);
            return new CheckRow("store", options.Container, true, time.GetElapsedTime(started), true,
                marker is null ? $"no {StoreLayout.ChallengeMarker(self)} yet (listed every StoreFullListInterval)" : $"marker {marker}");
        }
#pragma warning disable CA1031 // any store failure is a row in the table, not a crash
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new CheckRow("store", options.Container, false, time.GetElapsedTime(started), false, $"{e.GetType().Name}: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
