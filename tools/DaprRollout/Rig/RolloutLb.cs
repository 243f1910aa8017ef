using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Dapr;
using LbAcme.Core.Fleet;
using LbAcme.DaprDouble;
using LbAcme.LocalEnvironment;
using LbAcme.Testing;
using DaprSidecar = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// One LB as it runs with Dapr: a real HAProxy with its Runtime API, the lb-sidecar process (the native binary when
/// LBACME_SIDECAR_EXE names it) with Store=dapr, and in place of daprd the in-process Dapr double, loaded with the
/// component and subscription files <c>lb-sidecar render dapr</c> wrote for this LB. A new certificate version is
/// "imported" into the double's secret store and its Key Vault event published through the double, the way Event Grid
/// -> Service Bus -> daprd would deliver it. Both API tokens are on, as a real deployment sets them.
/// </summary>
public sealed class RolloutLb : IAsyncDisposable
{
    public const string Lb = "lb0";
    public const string ServiceName = "svc.example.test";

    /// <summary>This LB's secret in the store ("{CertificateName}-{lb}"), and the ObjectName of its Key Vault events.</summary>
    public static readonly string StoreName = FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, Lb);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly TestCertificateIssuer _issuer = new("lb-acme rollout issuer");
    private readonly string _daprApiToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _appApiToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly IPAddress _address;
    private readonly int _httpPort;
    private readonly int _peerPort;
    private int _issued;
    private int _readsAtSidecarStart;

    private RolloutLb(RolloutPaths paths, IPAddress address)
    {
        Paths = paths;
        _address = address;
        _httpPort = FreePort.Next(address);
        _peerPort = FreePort.Next(address);
        AppPort = FreePort.Next(IPAddress.Loopback);
    }

    public RolloutPaths Paths { get; }

    /// <summary>lb-sidecar's app port, where the double (as daprd) discovers subscriptions and delivers events.</summary>
    public int AppPort { get; }

    public DaprSidecar Dapr { get; private set; } = null!;

    public HaProxyFixture HaProxy { get; private set; } = null!;

    public SidecarProcess Sidecar { get; private set; } = null!;

    /// <summary>What <c>lb-sidecar render dapr</c> printed.</summary>
    public CommandResult Rendered { get; private set; } = null!;

    /// <summary>The daprd flags it rendered, which the double was started from.</summary>
    public DaprdFlags DaprdFlags { get; private set; } = null!;

    /// <summary>The version the LB served when the rig was up.</summary>
    public ImportedVersion Initial { get; private set; } = null!;

    public IPEndPoint Endpoint => HaProxy.Endpoint;

    /// <summary>How often the sidecar has read its secret through the double (each one a Key Vault secret GET in Azure).</summary>
    public int SecretReads => Dapr.SecretReads(DaprNames.SecretStore, StoreName);

    /// <summary>The reads of the running sidecar process: each one a round of its certificate sync.</summary>
    public int SidecarReads => SecretReads - _readsAtSidecarStart;

    public static async Task<RolloutLb> StartAsync(RolloutLbOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lb = new RolloutLb(RolloutPaths.Create(options.Directory), options.Address);
        try
        {
            await lb.BringUpAsync(options, cancellationToken);
            return lb;
        }
        catch
        {
            await lb.DisposeAsync();
            throw;
        }
    }

    private async Task BringUpAsync(RolloutLbOptions options, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Paths.TrustedRoots, _issuer.Root.ExportCertificatePem() + "\n", cancellationToken);
        RolloutFleetFile.Write(Paths, _address, _httpPort, _peerPort, AppPort);
        (DaprdFlags, Rendered) = await DaprFiles.RenderAsync(Paths, cancellationToken);

        // The LB as it ran before this version: HAProxy starts on the PEM on disk, the store holds the same one.
        Initial = Issue();
        await File.WriteAllTextAsync(Paths.Pem, Initial.Pem.Bundle, cancellationToken);
        HaProxy = await HaProxyFixture.StartAsync(Paths.HaProxyDirectory, Paths.Pem, _address);
        // As daprd would run with the rendered flags (its gRPC port aside: the double picks a free one).
        Dapr = await DaprSidecar.StartAsync(new DaprDoubleOptions
        {
            AppId = DaprdFlags.AppId,
            AppPort = DaprdFlags.AppPort,
            ResourcesPath = DaprdFlags.ResourcesPath,
            DaprApiToken = _daprApiToken,
            AppApiToken = _appApiToken,
        }, cancellationToken);
        Import(Initial);
        await StartSidecarAsync(options.Interval, options.Events, cancellationToken);
    }

    /// <summary>
    /// (Re)starts lb-sidecar with this poll interval and events on or off, and returns once its first round has read
    /// the store and, with events on, daprd's discovery found the rendered subscription on the app port. HAProxy and
    /// the double keep running.
    /// </summary>
    public async Task StartSidecarAsync(TimeSpan interval, bool events, CancellationToken cancellationToken)
    {
        if (Sidecar is { } running)
        {
            await running.DisposeAsync();
        }
        var readsBefore = SecretReads;
        _readsAtSidecarStart = readsBefore;
        Sidecar = await SidecarProcess.StartAsync(Lb, Paths.FleetFile, _address, _httpPort, _peerPort,
        [
            $"--Sidecar:CertificateSync:Interval={interval.ToString("c", CultureInfo.InvariantCulture)}",
            $"--Sidecar:CertificateSync:Dapr:Events={(events ? "true" : "false")}",
            $"--Sidecar:CertificateSync:Dapr:GrpcEndpoint={Dapr.GrpcEndpoint}",
        ], new Dictionary<string, string>
        {
            ["DAPR_API_TOKEN"] = _daprApiToken,
            ["APP_API_TOKEN"] = _appApiToken,
        });
        await WaitAsync(() => Task.FromResult(SecretReads > readsBefore), "the sidecar's first read of its secret");
        await WaitAsync(async () => await SidecarMetrics.ReadAsync(Sidecar, cancellationToken) is { Rounds: > 0 }, "the sidecar's first round to finish");
        if (events)
        {
            await WaitAsync(() => FreePort.IsListeningAsync(new IPEndPoint(IPAddress.Loopback, AppPort)), "the sidecar's app port");
        }
    }

    /// <summary>A certificate for the service, each one's NotBefore later than the last (so each is newer), or the given one.</summary>
    public ImportedVersion Issue(DateTimeOffset? notBefore = null)
    {
        var step = Interlocked.Increment(ref _issued);
        var pem = _issuer.Issue([ServiceName], notBefore ?? DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(step * 10));
        using var leaf = X509Certificate2.CreateFromPem(pem.LeafPem);
        return new ImportedVersion(pem, Guid.NewGuid().ToString("N"), leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime());
    }

    /// <summary>What Key Vault's import does to the secret the component reads: the new PEM replaces the value.</summary>
    public void Import(ImportedVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        Dapr.SetSecret(DaprNames.SecretStore, StoreName, version.Pem.Bundle);
    }

    /// <summary>The version's CertificateNewVersionCreated, delivered as Event Grid -> Service Bus -> daprd would.</summary>
    public Task<DeliveryResult> PublishAsync(ImportedVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return PublishAsync(DaprSidecar.KeyVaultEvent(RolloutFleetFile.VaultName, StoreName, version.KeyVaultVersion, version.NotBefore, version.NotAfter), cancellationToken);
    }

    /// <summary>Any message body on the LB's topic, as the Service Bus subscription would hand it to daprd.</summary>
    public Task<DeliveryResult> PublishAsync(string messageBody, CancellationToken cancellationToken) =>
        Dapr.PublishAsync(DaprNames.PubSub, DaprNames.Topic, messageBody, cancellationToken);

    private async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + StartTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until || Sidecar.HasExited)
            {
                throw new InvalidOperationException($"no {what} within {StartTimeout.TotalSeconds} s:\n{Sidecar.Output}");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Sidecar is not null)
        {
            await Sidecar.DisposeAsync();
        }
        if (Dapr is not null)
        {
            await Dapr.DisposeAsync();
        }
        if (HaProxy is not null)
        {
            await HaProxy.DisposeAsync();
        }
        _issuer.Dispose();
        try
        {
            Directory.Delete(Paths.Directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch under /tmp.
        }
    }
}
