using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.CertificateSync;
using LbAcme.Testing;
using DaprService = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// One real lb-sidecar (lb0, the native binary when LBACME_SIDECAR_EXE names it) syncing its certificate from the
/// "dapr" store through the Dapr double, with rollout events on its app port (127.0.0.1 only). The poll interval is
/// 10 minutes, so after the start round every store read the double counts was caused by an event. The fleet file
/// is the test's to rewrite before a SIGHUP.
/// </summary>
internal sealed class DaprSidecar : IAsyncDisposable
{
    public const string Lb = "lb0";
    public const string SecretName = "lbacme-lb0";
    public const string Token = "daprEventsToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly string _directory;
    private readonly TestCertificateIssuer _issuer;

    private DaprSidecar(string directory, TestCertificateIssuer issuer, DaprService dapr, SidecarProcess process, IPAddress address, int appPort)
    {
        _directory = directory;
        _issuer = issuer;
        Dapr = dapr;
        Process = process;
        Address = address;
        AppPort = appPort;
    }

    public DaprService Dapr { get; }

    public SidecarProcess Process { get; }

    /// <summary>This LB's own address (public and peer ports); also loopback, but not 127.0.0.1.</summary>
    public IPAddress Address { get; }

    public int AppPort { get; }

    public Uri AppUri(string path) => new($"http://127.0.0.1:{AppPort.ToString(CultureInfo.InvariantCulture)}{path}");

    public int Reads => Dapr.SecretReads(DaprNames.SecretStore, SecretName);

    /// <summary>
    /// Starts the double (its app is the sidecar's app port, its declarative subscription the one render writes)
    /// and the sidecar; returns once the start round has read the secret and the app port answers.
    /// </summary>
    public static async Task<DaprSidecar> StartAsync(string address, string? appApiToken = null)
    {
        var directory = TestTools.NewScratchDirectory("dapr-events");
        var issuer = new TestCertificateIssuer();
        var ip = IPAddress.Parse(address);
        var appPort = FreePort.Next(IPAddress.Loopback);
        var resources = Directory.CreateDirectory(Path.Combine(directory, "components")).FullName;
        await File.WriteAllTextAsync(Path.Combine(resources, "subscription.yaml"), Subscription());
        var dapr = await DaprService.StartAsync(new DaprDoubleOptions
        {
            AppId = DaprNames.AppId(Lb),
            AppPort = appPort,
            ResourcesPath = resources,
            AppApiToken = appApiToken,
        });
        dapr.SetSecret(DaprNames.SecretStore, SecretName, issuer.Issue([CertificateSyncEnvironment.ServiceName]).Bundle);
        var webroot = Directory.CreateDirectory(Path.Combine(directory, "webroot")).FullName;
        await File.WriteAllTextAsync(Path.Combine(webroot, Token), Token + ".thumbprint");
        await File.WriteAllTextAsync(Path.Combine(directory, "roots.pem"), issuer.Root.ExportCertificatePem() + "\n");
        var http = FreePort.Next(ip);
        var peer = FreePort.Next(ip);
        var config = WriteConfig(directory, ip, http, peer, dapr.GrpcEndpoint, appPort, events: true);
        var environment = appApiToken is null ? null : new Dictionary<string, string> { ["APP_API_TOKEN"] = appApiToken };
        var process = await SidecarProcess.StartAsync(Lb, config, ip, http, peer, [], environment);
        var started = new DaprSidecar(directory, issuer, dapr, process, ip, appPort);
        try
        {
            await WaitForAsync(() => started.Reads >= 1 && File.Exists(Path.Combine(directory, "haproxy.pem")), "the start round", started);
            await WaitForAsync(() => Listening(IPAddress.Loopback, appPort), "the app port", started);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    /// <summary>Rewrites the fleet file with rollout events on or off (for a SIGHUP).</summary>
    public void Rewrite(bool events) =>
        WriteConfig(_directory, Address, Process.HttpPort, Process.PeerPort, Dapr.GrpcEndpoint, AppPort, events);

    /// <summary>SIGHUP, then waits for the sidecar's "Reloaded" line; false when it refused or ended.</summary>
    public async Task<bool> ReloadAsync()
    {
        var before = Reloaded();
        using (var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-HUP", Process.ProcessId.ToString(CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync();
        }
        await WaitForAsync(() => Reloaded() > before || Process.Output.Contains("Reload refused", StringComparison.Ordinal) || Process.HasExited, "the reload", this);
        return Reloaded() > before && !Process.HasExited;
    }

    private int Reloaded() => Process.Output.Split("Reloaded: configuration").Length - 1;

    /// <summary>A new good certificate in the double's secret store, as an import of a new version leaves it; its serial.</summary>
    public string PutNewVersion()
    {
        var issued = _issuer.Issue([CertificateSyncEnvironment.ServiceName], DateTimeOffset.UtcNow.AddMinutes(-5));
        Dapr.SetSecret(DaprNames.SecretStore, SecretName, issued.Bundle);
        return issued.Serial;
    }

    /// <summary>The serial of the leaf in the PEM the sidecar wrote for HAProxy.</summary>
    public string ServedSerial()
    {
        using var leaf = CertificateSyncEnvironment.X509CertificateLoaderFromPem(File.ReadAllText(Path.Combine(_directory, "haproxy.pem")));
        return leaf.SerialNumber;
    }

    public static bool Listening(IPAddress address, int port)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            socket.Connect(address, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public static async Task WaitForAsync(Func<bool> condition, string what, DaprSidecar? sidecar, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"no {what}\n{sidecar?.Process.Output}");
            }
            await Task.Delay(20);
        }
    }

    private static string WriteConfig(string directory, IPAddress address, int http, int peer, Uri grpc, int appPort, bool events)
    {
        var document = new
        {
            Fleet = new
            {
                Names = new[] { CertificateSyncEnvironment.ServiceName },
                AcmeDirectoryUrl = Fleet.FleetConfig.AcmeDirectoryUrl,
                Contact = new[] { "mailto:ops@example.test" },
                LoadBalancers = new[] { new { Name = Lb, Address = address.ToString(), PeerPort = peer, HttpPort = http } },
                Vips = new[] { "127.0.0.254" },
                TrustedRoots = new { Path = Path.Combine(directory, "roots.pem") },
                HaProxy = new { RuntimeSocket = "", ReloadCommand = "" },
            },
            Sidecar = new
            {
                Webroot = Path.Combine(directory, "webroot"),
                CertificateSync = new
                {
                    Enabled = true,
                    Store = "dapr",
                    Interval = "00:10:00",
                    RetryDelay = "00:00:00.200",
                    MaxBackoff = "00:00:01.600",
                    RequestTimeout = "00:00:05",
                    PemPath = Path.Combine(directory, "haproxy.pem"),
                    Dapr = new
                    {
                        GrpcEndpoint = grpc.ToString(),
                        AppPort = appPort,
                        Events = events,
                        EventCoalesceWindow = "00:00:02",
                    },
                },
            },
        };
        var path = Path.Combine(directory, "fleet.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, Indented));
        return path;
    }

    /// <summary>The declarative subscription <c>lb-sidecar render dapr</c> writes for lb0.</summary>
    private static string Subscription() => $"""
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata:
          name: {DaprNames.Subscription}
        spec:
          pubsubname: {DaprNames.PubSub}
          topic: {DaprNames.Topic}
          routes:
            default: {DaprNames.EventRoute}
        scopes:
        - {DaprNames.AppId(Lb)}
        """;

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Dapr.DisposeAsync();
        _issuer.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch under /tmp.
        }
    }
}
