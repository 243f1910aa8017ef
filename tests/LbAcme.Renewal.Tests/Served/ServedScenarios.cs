using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.LocalEnvironment;
using LbAcme.Testing;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>
/// One HTTPS port on eight loopback LB addresses, each showing the probe one case: real HAProxies serving the right
/// certificate (lb0, and lb7 on ::1, which is also the fleet's one VIP), another name's (lb1), an expired one (lb2),
/// one from a CA the fleet does not trust (lb3); nothing listening (lb4); a TCP listener that never speaks TLS (lb5);
/// an address whose connect never completes (lb6). Started once for the class; the whole set moves to a fresh port
/// when another program took it.
/// </summary>
public sealed class ServedScenarios : IAsyncLifetime
{
    public const string Name = "svc.probe.example";

    private readonly TestCertificateIssuer _trusted = new("probe trusted");
    private readonly TestCertificateIssuer _other = new("probe other");
    private readonly string _scratch = TestTools.NewScratchDirectory("served");
    private readonly List<HaProxyFixture> _haproxies = [];
    private readonly List<SilentListener> _silent = [];
    private readonly Dictionary<string, string> _serials = [];

    private Task<Core.Served.ServedReport>? _report;

    public int Port { get; private set; }

    /// <summary>The first probe run's report, for every test of the class.</summary>
    public Task<Core.Served.ServedReport> Once(Func<Task<Core.Served.ServedReport>> probe) => _report ??= probe();

    public static IReadOnlyList<string> Lbs { get; } = ["lb0", "lb1", "lb2", "lb3", "lb4", "lb5", "lb6", "lb7"];

    /// <summary>The serial each HAProxy serves.</summary>
    public IReadOnlyDictionary<string, string> Serials => _serials;

    public static string OwnName(string lb) => $"{lb}.{Name}";

    public static IPAddress Address(string lb) => lb == "lb7"
        ? IPAddress.IPv6Loopback
        : IPAddress.Parse($"127.{LocalFleet.ProcessOctet}.250.{int.Parse(lb[2..], System.Globalization.CultureInfo.InvariantCulture) + 1}");

    public string RootsPath => Path.Combine(_scratch, "roots.pem");

    public FleetOptions Fleet()
    {
        var fleet = new FleetOptions
        {
            Names = [Name],
            AcmeDirectoryUrl = new Uri("https://ca.probe.example/directory"),
            Vips = ["::1"],
            LoadBalancers = [.. Lbs.Select(lb => new LoadBalancerOptions { Name = lb, Address = Address(lb).ToString(), ExtraName = OwnName(lb) })],
        };
        fleet.TrustedRoots.Path = RootsPath;
        fleet.HaProxy.Service.HttpsPort = Port;
        return fleet;
    }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(RootsPath, _trusted.Root.ExportCertificatePem());
        await PortRetry.StartAsync<object>("served scenarios", TryStartAsync);
    }

    private async Task<object?> TryStartAsync()
    {
        await StopAsync();
        Port = FreePort.Next(Address("lb0"));
        var now = DateTimeOffset.UtcNow;
        var pems = new Dictionary<string, IssuedPem>
        {
            ["lb0"] = _trusted.Issue([Name, OwnName("lb0")]),
            ["lb1"] = _trusted.Issue(["elsewhere.example"]),
            ["lb2"] = _trusted.Issue([Name, OwnName("lb2")], now.AddDays(-100), TimeSpan.FromDays(90)),
            ["lb3"] = _other.Issue([Name, OwnName("lb3")]),
            ["lb7"] = _trusted.Issue([Name, OwnName("lb7")]),
        };
        foreach (var (lb, pem) in pems)
        {
            var directory = Directory.CreateDirectory(Path.Combine(_scratch, lb)).FullName;
            var path = Path.Combine(directory, "haproxy.pem");
            await File.WriteAllTextAsync(path, pem.Bundle);
            if (await HaProxyFixture.TryStartAsync(directory, path, Address(lb), Port) is not { } haproxy)
            {
                return null;
            }
            _haproxies.Add(haproxy);
            _serials[lb] = pem.Serial;
        }
        foreach (var (lb, kind) in new[] { ("lb5", SilentListener.Kind.NoTls), ("lb6", SilentListener.Kind.NoConnect) })
        {
            if (SilentListener.TryStart(new IPEndPoint(Address(lb), Port), kind) is not { } listener)
            {
                return null;
            }
            _silent.Add(listener);
        }
        return this;
    }

    private async Task StopAsync()
    {
        foreach (var haproxy in _haproxies)
        {
            await haproxy.DisposeAsync();
        }
        _haproxies.Clear();
        _silent.ForEach(s => s.Dispose());
        _silent.Clear();
        _serials.Clear();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _trusted.Dispose();
        _other.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
