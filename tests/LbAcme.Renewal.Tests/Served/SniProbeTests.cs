using System.Globalization;
using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Served;
using LbAcme.Renewal.Status;
using LbAcme.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>
/// The probe against real HAProxies that pick one of two certificates by SNI through a crt-list: lb0's list has both
/// (each name gets its own certificate), lb1's lacks "api" (HAProxy answers api's names with its default, "web"). Each
/// handshake is labelled with the certificate its SNI should select, and the status built from the report judges
/// lb1's api as served the wrong certificate, while web is ok everywhere.
/// </summary>
public sealed class SniProbeTests : IAsyncLifetime
{
    private const string Web = "web.sni.example";
    private const string Api = "api.sni.example";
    private const string Api2 = "api2.sni.example";

    private readonly TestCertificateIssuer _issuer = new("sni probe");
    private readonly string _scratch = TestTools.NewScratchDirectory("sni");
    private readonly List<CrtListHaProxy> _haproxies = [];
    private readonly Dictionary<(string Lb, string Certificate), IssuedPem> _pems = [];
    private int _port;

    private static IPAddress Address(int lb) => IPAddress.Parse($"127.{LocalFleet.ProcessOctet}.249.{lb + 1}");

    private static string OwnName(int lb) => $"lb{lb}.sni.example";

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_scratch, "roots.pem"), _issuer.Root.ExportCertificatePem());
        for (var lb = 0; lb < 2; lb++)
        {
            _pems[($"lb{lb}", "web")] = _issuer.Issue([Web, OwnName(lb)]);
            _pems[($"lb{lb}", "api")] = _issuer.Issue([Api, Api2]);
        }
        await PortRetry.StartAsync<object>("sni haproxies", StartAsync);
    }

    private async Task<object?> StartAsync()
    {
        await StopAsync();
        _port = FreePort.Next(Address(0));
        for (var lb = 0; lb < 2; lb++)
        {
            var directory = Directory.CreateDirectory(Path.Combine(_scratch, $"lb{lb}")).FullName;
            var web = Path.Combine(directory, "web.pem");
            var api = Path.Combine(directory, "api.pem");
            await File.WriteAllTextAsync(web, _pems[($"lb{lb}", "web")].Bundle);
            await File.WriteAllTextAsync(api, _pems[($"lb{lb}", "api")].Bundle);
            string[] list = lb == 0 ? [web, api] : [web];
            if (await CrtListHaProxy.TryStartAsync(directory, list, Address(lb), _port) is not { } haproxy)
            {
                return null;
            }
            _haproxies.Add(haproxy);
        }
        return this;
    }

    private FleetOptions Fleet()
    {
        var fleet = new FleetOptions
        {
            Certificates =
            [
                new CertificateOptions { Name = "web", Names = [Web], CarriesLbExtraName = true },
                new CertificateOptions { Name = "api", Names = [Api, Api2] },
            ],
            AcmeDirectoryUrl = new Uri("https://ca.sni.example/directory"),
            LoadBalancers = [.. Enumerable.Range(0, 2).Select(lb => new LoadBalancerOptions { Name = $"lb{lb}", Address = Address(lb).ToString(), ExtraName = OwnName(lb) })],
        };
        fleet.TrustedRoots.Path = Path.Combine(_scratch, "roots.pem");
        fleet.HaProxy.Service.HttpsPort = _port;
        return fleet;
    }

    private Task<ServedReport> ProbeAsync() =>
        new ServedProbe(new FixedOptionsMonitor<FleetOptions>(Fleet()), Options.Create(new ProbeOptions { Timeout = TimeSpan.FromSeconds(3) }), TimeProvider.System,
            NullLogger<ServedProbe>.Instance).RunAsync(CancellationToken.None);

    [Fact]
    public async Task Each_SNI_is_answered_with_the_certificate_the_crt_list_selects_and_labelled_with_the_one_it_should()
    {
        var report = await ProbeAsync();

        var lb0 = report.Observations.Where(o => o.Lb == "lb0").ToList();
        Assert.Equal([(Web, "web"), (OwnName(0), "web"), (Api, "api"), (Api2, "api")], lb0.Select(o => (o.ServerName, o.Certificate!)));
        Assert.All(lb0, o => Assert.True(o.Error is null && o.NamesCovered == true && o.ChainValid == true, $"{o.ServerName}: {o.Error} {o.ChainProblem}"));
        Assert.Equal([_pems[("lb0", "web")].Serial, _pems[("lb0", "web")].Serial, _pems[("lb0", "api")].Serial, _pems[("lb0", "api")].Serial], lb0.Select(o => o.Serial));

        // lb1's list lacks api: HAProxy answers api's names with its default certificate, which does not cover them.
        var lb1 = report.Observations.Where(o => o.Lb == "lb1").ToList();
        Assert.Equal(["web", "web", "api", "api"], lb1.Select(o => o.Certificate));
        Assert.All(lb1, o => Assert.Equal(_pems[("lb1", "web")].Serial, o.Serial));
        Assert.Equal([true, true, false, false], lb1.Select(o => o.NamesCovered == true));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{Address(1)}:{_port}"), lb1[0].Address);
    }

    [Fact]
    public async Task The_status_from_that_report_is_ok_where_the_SNI_picked_right_and_stuck_where_it_picked_the_LBs_other_certificate()
    {
        var report = await ProbeAsync();
        var now = DateTimeOffset.UtcNow;
        var inputs = Enumerable.Range(0, 2).Select(lb => new LbStatusInput($"lb{lb}",
        [
            Copy($"lb{lb}", "web", [Web, OwnName(lb)], now),
            Copy($"lb{lb}", "api", [Api, Api2], now),
        ], null)).ToList();

        var document = StatusEvaluator.Evaluate(new StatusInputs(now, inputs, report, RunTiming.Unknown));

        var lb0 = document.LoadBalancers[0];
        Assert.Equal(CertificateState.Ok, lb0.State);
        Assert.Equal([CertificateState.Ok, CertificateState.Ok], lb0.Certificates!.Select(c => c.State));
        var lb1 = document.LoadBalancers[1];
        Assert.Equal(CertificateState.Stuck, lb1.State);
        Assert.Equal(["web", "api"], lb1.Certificates!.Select(c => c.Certificate));
        Assert.Equal(CertificateState.Ok, lb1.Certificates![0].State);
        var api = lb1.Certificates[1];
        Assert.Equal(CertificateState.Stuck, api.State);
        Assert.All(api.Addresses, a => Assert.Contains($"serves {_pems[("lb1", "web")].Serial}, the certificate 'web', not 'api'", a.Summary, StringComparison.Ordinal));
        Assert.Contains("crt-list", api.Action, StringComparison.Ordinal);
        Assert.StartsWith("certificate api: ", lb1.Summary, StringComparison.Ordinal);
        // The LB's top-level fields are its first certificate's, as before several certificates.
        Assert.Equal(_pems[("lb1", "web")].Serial, lb1.Issued!.Serial);
    }

    private CertificateStatusInput Copy(string lb, string certificate, IReadOnlyList<string> names, DateTimeOffset now)
    {
        var pem = _pems[(lb, certificate)];
        using var leaf = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem.LeafPem);
        var issued = new IssuedCertificateEntry(pem.Serial, new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), now.AddDays(-1));
        return new CertificateStatusInput(certificate, names, issued, null, null);
    }

    private async Task StopAsync()
    {
        foreach (var haproxy in _haproxies)
        {
            await haproxy.DisposeAsync();
        }
        _haproxies.Clear();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _issuer.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
