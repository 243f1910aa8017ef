using System.Globalization;
using System.Net;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// What a TLS bind loads: one PEM (<c>crt</c>, the single-certificate setup) or a crt-list of several PEMs chosen by
/// SNI (<c>crt-list</c>, what <c>lb-sidecar render haproxy</c> writes; the first line is the default certificate).
/// </summary>
public sealed record HaProxyCertificates(string Keyword, string Path)
{
    public static HaProxyCertificates Crt(string pemPath) => new("crt", pemPath);

    /// <summary>An existing crt-list file (e.g. the one the sidecar writes).</summary>
    public static HaProxyCertificates CrtList(string crtListPath) => new("crt-list", crtListPath);

    /// <summary>Writes a crt-list naming <paramref name="pemPaths"/>, one a line in that order, and binds with it.</summary>
    public static HaProxyCertificates CrtList(string crtListPath, IEnumerable<string> pemPaths)
    {
        File.WriteAllText(crtListPath, string.Concat(pemPaths.Select(p => p + "\n")));
        return CrtList(crtListPath);
    }
}

/// <summary>
/// A real HAProxy (Debian's, on PATH) in the foreground (<c>-db</c>), with an admin-level Runtime API socket and
/// one TLS frontend on a free loopback port serving the given PEM (<c>crt</c>) or crt-list (<see cref="HaProxyCertificates"/>).
/// Killed on dispose.
/// </summary>
public sealed class HaProxyFixture : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private HaProxyFixture(ManagedProcess process, string configPath, string socketPath, IPAddress address, int port)
    {
        _process = process;
        ConfigPath = configPath;
        SocketPath = socketPath;
        Address = address;
        Port = port;
    }

    public string ConfigPath { get; }

    public string SocketPath { get; }

    public IPAddress Address { get; }

    public int Port { get; }

    public IPEndPoint Endpoint => new(Address, Port);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    public static string Executable => File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";

    /// <summary>Writes haproxy.cfg into <paramref name="directory"/>, starts HAProxy and waits until the TLS port accepts connections.</summary>
    public static Task<HaProxyFixture> StartAsync(string directory, string pemPath, IPAddress address) =>
        StartAsync(directory, HaProxyCertificates.Crt(pemPath), address);

    /// <summary>As <see cref="StartAsync(string, string, IPAddress)"/>, binding with a crt-list or one PEM.</summary>
    public static Task<HaProxyFixture> StartAsync(string directory, HaProxyCertificates certificates, IPAddress address) =>
        PortRetry.StartAsync<HaProxyFixture>("haproxy", () => TryStartAsync(directory, certificates, address, FreePort.Next(address)));

    /// <summary>
    /// HAProxy on a port the caller chose (several LBs' addresses on one port, as every LB serves the fleet's HTTPS
    /// port); null when another program took it first, so the caller can start again on a fresh one.
    /// </summary>
    public static Task<HaProxyFixture?> TryStartAsync(string directory, string pemPath, IPAddress address, int port) =>
        TryStartAsync(directory, HaProxyCertificates.Crt(pemPath), address, port);

    /// <summary>As <see cref="TryStartAsync(string, string, IPAddress, int)"/>, binding with a crt-list or one PEM.</summary>
    public static Task<HaProxyFixture?> TryStartAsync(string directory, HaProxyCertificates certificates, IPAddress address, int port) =>
        StartAsync(directory, certificates, address, port, networkNamespace: null);

    /// <summary>
    /// HAProxy inside a network namespace, bound to every address of it (v4 and v6) so VIPs that keepalived moves
    /// in are served too; <paramref name="address"/> is the LB's own address, used to wait for the port.
    /// </summary>
    public static Task<HaProxyFixture> StartInNamespaceAsync(string directory, string pemPath, string networkNamespace, IPAddress address, int port) =>
        StartInNamespaceAsync(directory, HaProxyCertificates.Crt(pemPath), networkNamespace, address, port);

    /// <summary>As <see cref="StartInNamespaceAsync(string, string, string, IPAddress, int)"/>, binding with a crt-list or one PEM.</summary>
    public static async Task<HaProxyFixture> StartInNamespaceAsync(string directory, HaProxyCertificates certificates, string networkNamespace, IPAddress address, int port) =>
        await StartAsync(directory, certificates, address, port, networkNamespace)
        ?? throw new InvalidOperationException($"haproxy {networkNamespace}: port {port} taken in its own network namespace.");

    /// <summary>Null when another program took the port first.</summary>
    private static async Task<HaProxyFixture?> StartAsync(string directory, HaProxyCertificates certificates, IPAddress address, int port, string? networkNamespace)
    {
        var socketPath = Path.Combine(directory, "admin.sock");
        var configPath = Path.Combine(directory, "haproxy.cfg");
        var config = string.Create(CultureInfo.InvariantCulture, $"""
            global
              stats socket {socketPath} mode 600 level admin
              log stderr format short local0 notice
            defaults
              mode http
              log global
              timeout connect 2s
              timeout client 10s
              timeout server 10s
            frontend tls
              bind {(networkNamespace is null ? address.ToString() : "[::]")}:{port}{(networkNamespace is null ? string.Empty : " v4v6")} ssl {certificates.Keyword} {certificates.Path}
              http-request return status 200 content-type text/plain string ok

            """);
        await File.WriteAllTextAsync(configPath, config);
        var process = networkNamespace is null
            ? ManagedProcess.Start("haproxy", Executable, ["-f", configPath, "-db"], workingDirectory: directory)
            : ManagedProcess.Start($"haproxy {networkNamespace}", "ip", ["netns", "exec", networkNamespace, Executable, "-f", configPath, "-db"], workingDirectory: directory);
        var fixture = new HaProxyFixture(process, configPath, socketPath, address, port);
        try
        {
            if (await process.WaitForListenersAsync([Listener.Tcp(networkNamespace is null ? address : IPAddress.IPv6Any, port)], TimeSpan.FromSeconds(15)))
            {
                return fixture;
            }
            await fixture.DisposeAsync();
            return null;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
