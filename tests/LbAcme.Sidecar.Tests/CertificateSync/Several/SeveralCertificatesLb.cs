using System.Net;
using System.Text.Json;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Testing;

namespace LbAcme.Sidecar.Tests.CertificateSync.Several;

/// <summary>One certificate of a test fleet: its name in Fleet:Certificates and its DNS names (the first is its SNI here).</summary>
internal sealed record TestCertificate(string Name, params string[] Names)
{
    public string Sni => Names[0];
}

/// <summary>
/// One LB of a fleet with several certificates (<c>Fleet:Certificates</c>), against the shared Azurite of
/// <see cref="CertificateSyncEnvironment"/>: a real lb-sidecar with the default layout (a PEM per certificate under
/// its own certificate directory, the crt-list beside it) and a real HAProxy binding with that crt-list, started
/// once the sidecar wrote it. The fleet file can be rewritten while both run.
/// </summary>
internal sealed class SeveralCertificatesLb : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly CertificateSyncEnvironment _env;

    private SeveralCertificatesLb(CertificateSyncEnvironment env, string lb, string directory, LbSlot slot)
    {
        _env = env;
        Lb = lb;
        Directory = directory;
        Slot = slot;
    }

    public string Lb { get; }

    public string Directory { get; }

    public LbSlot Slot { get; }

    public string ConfigPath => Path.Combine(Directory, "fleet.json");

    public string CertificateDirectory => Path.Combine(Directory, "live");

    /// <summary><see cref="FleetCertificates.CrtListPath"/> of this fleet: beside the certificate directory.</summary>
    public string CrtListPath => Path.Combine(Directory, "haproxy.crt-list");

    public string SocketPath => Path.Combine(Directory, "admin.sock");

    public SidecarProcess Sidecar { get; private set; } = null!;

    /// <summary>The sidecar's command-line settings (store, certificate sync, HAProxy), for a <c>check</c> run against the same LB.</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    public HaProxyFixture HaProxy { get; private set; } = null!;

    public IPEndPoint Endpoint => HaProxy.Endpoint;

    public string PemPath(TestCertificate certificate) => Path.Combine(CertificateDirectory, certificate.Sni, "haproxy");

    /// <summary>The store name the renewal engine gives this LB's copy ("lbacme-{lb}" for "default", "lbacme-{certificate}-{lb}" otherwise).</summary>
    public string StoreName(TestCertificate certificate) => FleetCertificates.StoreName("lbacme", certificate.Name, Lb);

    /// <summary>Writes the fleet, starts the sidecar, waits for its crt-list (bootstrap PEMs for every certificate) and starts HAProxy on it.</summary>
    public static async Task<SeveralCertificatesLb> StartAsync(CertificateSyncEnvironment env, string lb, string address, IReadOnlyList<TestCertificate> certificates,
        Func<SeveralCertificatesLb, Task>? beforeStart = null)
    {
        var directory = TestTools.NewScratchDirectory("several-" + lb);
        var node = new SeveralCertificatesLb(env, lb, directory, FleetConfig.Slot(lb, address));
        node.WriteFleet(certificates);
        if (beforeStart is not null)
        {
            await beforeStart(node);
        }
        var webroot = System.IO.Directory.CreateDirectory(Path.Combine(directory, "webroot")).FullName;
        node.Arguments =
        [
            $"--Sidecar:Store:ConnectionString={env.Azurite.ConnectionString}",
            $"--Sidecar:Store:Container={CertificateSyncEnvironment.SharedContainer}",
            $"--Sidecar:Webroot={webroot}",
            "--Sidecar:CertificateSync:Enabled=true",
            "--Sidecar:CertificateSync:Interval=00:00:00.300",
            "--Sidecar:CertificateSync:RetryDelay=00:00:00.200",
            "--Sidecar:CertificateSync:MaxBackoff=00:00:01.600",
            "--Sidecar:CertificateSync:RequestTimeout=00:00:05",
            $"--Fleet:HaProxy:CertificateDirectory={node.CertificateDirectory}",
            $"--Fleet:HaProxy:RuntimeSocket={node.SocketPath}",
            "--Fleet:HaProxy:ReloadCommand=",
            $"--Fleet:TrustedRoots:Path={env.TrustedRootsPath}",
        ];
        node.Sidecar = await SidecarProcess.StartAsync(lb, node.ConfigPath, node.Slot.Address, node.Slot.HttpPort, node.Slot.PeerPort, node.Arguments);
        try
        {
            var count = certificates.Count;
            await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(File.Exists(node.CrtListPath) && File.ReadAllLines(node.CrtListPath).Length == count),
                TimeSpan.FromSeconds(20), $"the crt-list with {count} certificates", node.Sidecar);
            node.HaProxy = await HaProxyFixture.StartAsync(directory, HaProxyCertificates.CrtList(node.CrtListPath), node.Slot.Address);
        }
        catch
        {
            await node.Sidecar.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>Writes fleet.json with <paramref name="certificates"/> (the first is the default); the running sidecar picks it up by itself.</summary>
    public void WriteFleet(IReadOnlyList<TestCertificate> certificates)
    {
        var document = new
        {
            Fleet = new
            {
                Certificates = certificates.Select(c => new { c.Name, c.Names }).ToArray(),
                FleetConfig.AcmeDirectoryUrl,
                Contact = new[] { "mailto:ops@example.test" },
                LoadBalancers = new[] { new { Name = Lb, Address = Slot.Address.ToString(), Slot.PeerPort, Slot.HttpPort } },
                Vips = new[] { "127.0.0.254" },
            },
            Sidecar = new { },
        };
        // Replaced by rename, as editors and configuration management do: the sidecar never reads half a file.
        var temp = ConfigPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(document, Indented));
        File.Move(temp, ConfigPath, overwrite: true);
    }

    /// <summary>A good certificate for <paramref name="certificate"/>'s names, newer than the last one issued.</summary>
    public IssuedPem Issue(TestCertificate certificate, IReadOnlyList<string>? names = null) => _env.IssueNext(names ?? certificate.Names);

    /// <summary>Puts <paramref name="pem"/> where the engine's Blob store puts this LB's copy of <paramref name="certificate"/>; returns the store version.</summary>
    public async Task<string> PutAsync(TestCertificate certificate, string pem)
    {
        var uploaded = await _env.Certificates.GetBlobClient(StoreName(certificate) + ".pem").UploadAsync(BinaryData.FromString(pem), overwrite: true);
        return uploaded.Value.ETag.ToString();
    }

    public Task<string> ServedSerialAsync(string sni) => TlsProbe.ServedSerialAsync(Endpoint, sni);

    public Task<DeployStatus?> ReadStatusAsync() => CertificateSyncEnvironment.ReadStatusAsync(_env.Shared, Lb);

    /// <summary>Waits until a handshake for <paramref name="sni"/> presents <paramref name="serial"/>.</summary>
    public Task WaitServedAsync(string sni, string serial, string what) =>
        CertificateSyncEnvironment.WaitForAsync(async () => await ServedSerialAsync(sni) == serial, TimeSpan.FromSeconds(20), what, Sidecar);

    public async ValueTask DisposeAsync()
    {
        if (HaProxy is not null)
        {
            await HaProxy.DisposeAsync();
        }
        await Sidecar.DisposeAsync();
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
