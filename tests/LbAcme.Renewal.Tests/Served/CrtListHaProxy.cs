using System.Globalization;
using System.Net;
using LbAcme.LocalEnvironment;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>
/// A real HAProxy whose TLS bind reads a crt-list, so the SNI picks among several certificates (the first line is
/// the default for an SNI no certificate names), as the fleet's rendered haproxy.cfg does. Written here rather than in
/// the shared HaProxyFixture because only the probe's tests need a hand-made list (one that lacks a certificate).
/// </summary>
internal sealed class CrtListHaProxy : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private CrtListHaProxy(ManagedProcess process) => _process = process;

    /// <summary>Null when another program took the port first.</summary>
    public static async Task<CrtListHaProxy?> TryStartAsync(string directory, IReadOnlyList<string> pemPaths, IPAddress address, int port)
    {
        var crtList = Path.Combine(directory, "haproxy.crt-list");
        await File.WriteAllLinesAsync(crtList, pemPaths);
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            global
              log stderr format short local0 notice
            defaults
              mode http
              timeout connect 2s
              timeout client 10s
              timeout server 10s
            frontend tls
              bind {address}:{port} ssl crt-list {crtList}
              http-request return status 200 content-type text/plain string ok

            """));
        var process = ManagedProcess.Start("haproxy crt-list", HaProxyFixture.Executable, ["-f", config, "-db"], workingDirectory: directory);
        var haproxy = new CrtListHaProxy(process);
        if (await process.WaitForListenersAsync([Listener.Tcp(address, port)], TimeSpan.FromSeconds(15)))
        {
            return haproxy;
        }
        await haproxy.DisposeAsync();
        return null;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
