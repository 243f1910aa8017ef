using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Commands.Checks;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Commands;

/// <summary>
/// <c>lb-sidecar check</c>: validates the configuration, then probes everything the daemon will need and prints
/// one row each: every LB's peer port (this one included) asked for a token nobody holds (a 404 proves the peer is
/// up, serves challenges and lets this LB in; a connection closed before any answer, or a 403 from an older sidecar,
/// means its allow-list refuses us), the shared store, and for certificate sync its store (a row per
/// certificate: this LB's copy), HAProxy's Runtime API socket, each PEM directory and the crt-list's, or a row saying sync is off. Every probe is
/// bounded in time (Checks/BoundedProbe). Exit 0 only when every row is fine.
/// </summary>
internal static class CheckCommand
{
    private const string CheckToken = "lb-acme-check";

    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        // Certificate sync's parts are registered but never started: check resolves the store and paths the daemon would use.
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSidecarCore(configuration)
            .AddCertificateSync();
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
            table.Add(await ChallengeStoreProbe.RunAsync(provider.GetRequiredService<IChallengeStore>(), directory.Self.Name, sidecar.Store, time));
        }
        table.AddRange(await CertificateRowsAsync(provider, sidecar.CertificateSync, time));
        await Console.Out.WriteLineAsync($"lb-sidecar check: configuration OK; this is {directory.Self.Name}");
        if (sidecar.CertificateSync.Enabled)
        {
            await Console.Out.WriteLineAsync(CertificateStoreProbe.Source(sidecar.CertificateSync));
        }
        foreach (var note in FleetNames.Notes(configuration.GetSection(FleetOptions.SectionName)))
        {
            await Console.Out.WriteLineAsync($"note: {note}");
        }
        await Console.Out.WriteLineAsync(CheckTable.Render(table));
        var bad = table.Count(r => !r.Ok);
        await Console.Out.WriteLineAsync(bad == 0 ? "all reachable" : $"{bad} problem(s)");
        return bad == 0 ? SidecarCommandLine.Ok : SidecarCommandLine.Failed;
    }

    /// <summary>What certificate sync needs: its store, HAProxy's socket and the PEM's directory; or the one row saying it is off.</summary>
    private static async Task<IReadOnlyList<CheckRow>> CertificateRowsAsync(IServiceProvider provider, CertificateSyncOptions sync, TimeProvider time)
    {
        if (!sync.Enabled)
        {
            return [CertificateSyncOffProbe.Row(sync)];
        }
        var target = provider.GetRequiredService<SyncTarget>();
        var store = provider.GetRequiredService<ICertificateStore>();
        var rows = new List<CheckRow>();
        // The one-certificate shorthand keeps its rows' names; several certificates are told apart.
        var named = target.Certificates.Count > 1 || target.Certificates[0].Certificate != FleetCertificates.DefaultName;
        // One row per certificate: each is its own store copy (and, in Key Vault, its own secret and role assignment).
        foreach (var certificate in target.Certificates)
        {
            var row = await CertificateStoreProbe.RunAsync(store, certificate.StoreName, sync, time);
            rows.Add(named ? row with { Name = $"{row.Name} ({certificate.Certificate})" } : row);
        }
        rows.Add(await RuntimeSocketProbe.RunAsync(target.RuntimeSocket, target.ReloadCommand, sync.RuntimeApiTimeout, time));
        foreach (var directory in target.Certificates.GroupBy(c => Path.GetDirectoryName(c.PemPath)))
        {
            var row = await PemDirectoryProbe.RunAsync(directory.First().PemPath, sync.FileOwner, time);
            rows.Add(named ? row with { Name = $"{row.Name} ({string.Join(", ", directory.Select(c => c.Certificate))})" } : row);
        }
        if (target.CrtList is { } crtList)
        {
            rows.Add(await PemDirectoryProbe.RunAsync(crtList, sync.FileOwner, time) with { Name = "crt-list directory" });
        }
        return rows;
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

}
