using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.CertificateSync;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Testing;
using Xunit;
using DaprdDouble = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// One LB reading its certificate through daprd: the Dapr double (gRPC runtime API, with an API token) in daprd's
/// place, the native lb-sidecar with <c>Store=dapr</c> (events off: the poll alone, every 0.3 s), and a real
/// HAProxy serving the PEM it keeps. No Azurite: certificate sync's outcomes are read from its metrics and log.
/// </summary>
internal sealed class StoreDaprEnvironment : IAsyncDisposable
{
    public const string ServiceName = CertificateSyncEnvironment.ServiceName;
    public const string SecretName = "lbacme-lb0";
    public const string ApiToken = "lbacme-test-dapr-api-token";
    private readonly LbSlot _slot = FleetConfig.Slot("lb0", "127.0.8.1");
    private int _issued;

    private StoreDaprEnvironment()
    {
    }

    public string Directory { get; } = TestTools.NewScratchDirectory("dapr-store");

    public TestCertificateIssuer Issuer { get; } = new();

    public TestCertificateIssuer ForeignIssuer { get; } = new("foreign issuer");

    public DaprdDouble Daprd { get; private set; } = null!;

    public HaProxyFixture? HaProxy { get; private set; }

    public SidecarProcess Sidecar { get; private set; } = null!;

    public string PemPath => Path.Combine(Directory, "live", ServiceName, "haproxy");

    public string SocketPath => Path.Combine(Directory, "admin.sock");

    public string TrustedRootsPath => Path.Combine(Directory, "trusted-roots.pem");

    public string ConfigPath { get; private set; } = "";

    /// <summary>
    /// Starts the double and, when <paramref name="deployed"/> is given, HAProxy on it; then the sidecar, whose
    /// DAPR_API_TOKEN is <paramref name="sidecarToken"/> (the double's by default).
    /// </summary>
    public static async Task<StoreDaprEnvironment> StartAsync(IssuedPemFactory? deployed = null, string? sidecarToken = ApiToken)
    {
        var env = new StoreDaprEnvironment();
        try
        {
            await env.InitializeAsync(deployed, sidecarToken);
            return env;
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(IssuedPemFactory? deployed, string? sidecarToken)
    {
        await File.WriteAllTextAsync(TrustedRootsPath, Issuer.Root.ExportCertificatePem() + "\n");
        ConfigPath = FleetConfig.Write(Directory, [_slot]);
        Daprd = await DaprdDouble.StartAsync(new DaprDoubleOptions { AppId = DaprNames.AppId("lb0"), DaprApiToken = ApiToken });
        if (deployed is not null)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(PemPath)!);
            await File.WriteAllTextAsync(PemPath, deployed(this).Bundle);
            HaProxy = await HaProxyFixture.StartAsync(Directory, PemPath, _slot.Address);
        }
        var environment = sidecarToken is null ? null : new Dictionary<string, string> { ["DAPR_API_TOKEN"] = sidecarToken };
        Sidecar = await SidecarProcess.StartAsync("lb0", ConfigPath, _slot.Address, _slot.HttpPort, _slot.PeerPort, Arguments(), environment);
    }

    /// <summary>A certificate for <paramref name="env"/>'s service name, chosen once its issuer exists.</summary>
    public delegate IssuedPem IssuedPemFactory(StoreDaprEnvironment env);

    public string[] Arguments() =>
    [
        $"--Sidecar:Webroot={System.IO.Directory.CreateDirectory(Path.Combine(Directory, "webroot")).FullName}",
        "--Sidecar:CertificateSync:Enabled=true",
        "--Sidecar:CertificateSync:Store=dapr",
        $"--Sidecar:CertificateSync:Dapr:GrpcEndpoint={Daprd.GrpcEndpoint}",
        "--Sidecar:CertificateSync:Dapr:Events=false",
        "--Sidecar:CertificateSync:Interval=00:00:00.300",
        "--Sidecar:CertificateSync:RetryDelay=00:00:00.200",
        "--Sidecar:CertificateSync:MaxBackoff=00:00:01.600",
        "--Sidecar:CertificateSync:RequestTimeout=00:00:05",
        $"--Sidecar:CertificateSync:PemPath={PemPath}",
        $"--Fleet:HaProxy:RuntimeSocket={(HaProxy is null ? "" : HaProxy.SocketPath)}",
        "--Fleet:HaProxy:ReloadCommand=",
        $"--Fleet:TrustedRoots:Path={TrustedRootsPath}",
    ];

    /// <summary>A good certificate for the service name, each one's NotBefore later than the last (so each is "newer").</summary>
    public IssuedPem IssueNext(IReadOnlyList<string>? names = null)
    {
        var step = Interlocked.Increment(ref _issued);
        return Issuer.Issue(names ?? [ServiceName], DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(step * 10));
    }

    public void SetSecret(string value) => Daprd.SetSecret(DaprNames.SecretStore, SecretName, value);

    public int SecretReads => Daprd.SecretReads(DaprNames.SecretStore, SecretName);

    public async Task<string> ServedSerialAsync() => await TlsProbe.ServedSerialAsync(HaProxy!.Endpoint, ServiceName);

    public async Task<MetricsScrape> MetricsAsync()
    {
        using var http = SidecarHttp.Create();
        return await MetricsScrape.ReadAsync(http, Sidecar.MetricsUri);
    }

    public async Task<double> MetricAsync(string name, params string[] labels) => (await MetricsAsync()).Sum(name, labels);

    public static int Count(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    public Task WaitForAsync(Func<Task<bool>> condition, string what, double seconds = 20) =>
        CertificateSyncEnvironment.WaitForAsync(condition, TimeSpan.FromSeconds(seconds), what, Sidecar);

    public static string Outcome(string outcome) => $"outcome=\"{outcome}\"";

    public static string Reason(string reason) => $"reason=\"{reason}\"";

    public async ValueTask DisposeAsync()
    {
        if (Sidecar is not null)
        {
            await Sidecar.DisposeAsync();
        }
        if (HaProxy is not null)
        {
            await HaProxy.DisposeAsync();
        }
        if (Daprd is not null)
        {
            await Daprd.DisposeAsync();
        }
        Issuer.Dispose();
        ForeignIssuer.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch under /tmp.
        }
    }
}

/// <summary>Sidecar processes, HAProxy and the double: not alongside other process-heavy tests on a 2-core box.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StoreDaprGroup
{
    public const string Name = "dapr store";
}
