using System.Security.Cryptography.X509Certificates;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// The whole loop with fleet.json spelling its names as people do — mixed case, a trailing dot: every LB's HAProxy
/// serves its Pebble-issued certificate from the file <c>lb-sidecar render haproxy</c> names, with the names in
/// their canonical form. Before names had one owner, the renderer and the sidecar disagreed on that path and the
/// sidecar refused every certificate as wrong_names.
/// </summary>
public sealed class NameSpellingTests : IAsyncLifetime
{
    private static readonly string[] Spelled = ["Svc.LbAcme.EXAMPLE", "www.lbacme.example."];
    private LocalFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await LocalFleet.StartAsync(withHaProxy: true, names: Spelled);

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Every_LB_serves_its_new_certificate_from_the_path_the_renderer_wrote()
    {
        await using var engine = _fleet.BuildEngine();

        var report = await LocalFleetEngine.Runner(engine).RunAsync(new RunRequest("name-spelling"), CancellationToken.None);

        for (var index = 0; index < _fleet.LbNames.Count; index++)
        {
            var lb = _fleet.LbNames[index];
            var outcome = report.Outcomes.Single(o => o.Lb == lb);
            Assert.True(outcome.Outcome == LbOutcomeKind.Renewed, $"{lb}: {outcome.Outcome} {outcome.Detail}");
            // The renderer binds the crt-list beside the certificate directory; the PEM the sidecar keeps is under the
            // canonical spelling of the first name (acmetool's live/{name}/haproxy), whatever spelling the file used.
            var certificateDirectory = Path.GetDirectoryName(Path.GetDirectoryName(_fleet.HaProxyPemPath(lb)))!;
            Assert.Equal($"crt-list {Path.Combine(Path.GetDirectoryName(certificateDirectory)!, "haproxy.crt-list")}", await RenderedCrtAsync(lb));
            Assert.Equal(Path.Combine(certificateDirectory, "svc.lbacme.example", "haproxy"), _fleet.HaProxyPemPath(lb));

            using var served = await ServedAsync(index, lb, outcome.Serial!);
            Assert.Equal(outcome.Serial, served.SerialNumber);
            Assert.Contains("Pebble", served.Issuer, StringComparison.Ordinal);
            var names = served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();
            string[] expectedNames = ["svc.lbacme.example", "www.lbacme.example", $"{lb}.svc.lbacme.example"];
            Assert.Equal(expectedNames.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        }
        // Each daemon said once how it reads the spelling it was given.
        Assert.All(_fleet.Sidecars, sidecar =>
            Assert.Contains("Fleet:Names[1]: 'www.lbacme.example.' is used as 'www.lbacme.example'", sidecar.Output, StringComparison.Ordinal));
    }

    /// <summary>The crt-list clause of the haproxy.cfg the real lb-sidecar renders for the LB from the fleet's own fleet.json.</summary>
    private async Task<string> RenderedCrtAsync(string lb)
    {
        var result = await Command.RunAsync(SidecarBinary.FileName, SidecarBinary.Arguments(
            "render", "haproxy", "--lb", lb, "--config", _fleet.ConfigPath,
            // The directory the harness gave this LB's sidecar; the name folder under it is what the renderer decides.
            $"--Fleet:HaProxy:CertificateDirectory={Path.GetDirectoryName(Path.GetDirectoryName(_fleet.HaProxyPemPath(lb)))}",
            "--Fleet:Vips:0=192.0.2.100",
            "--Fleet:HaProxy:Service:Servers:0:Name=app0",
            "--Fleet:HaProxy:Service:Servers:0:Address=192.0.2.50"), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        var bind = result.StandardOutput.Split('\n').Single(l => l.TrimStart().StartsWith("bind ", StringComparison.Ordinal));
        var crt = bind.IndexOf("crt-list ", StringComparison.Ordinal);
        Assert.True(crt >= 0, $"the bind line names no crt-list: {bind}");
        return bind[crt..bind.IndexOf(' ', crt + "crt-list ".Length)];
    }

    /// <summary>The certificate the LB's HAProxy presents once its sidecar has hot-swapped the expected one in (bounded wait).</summary>
    private async Task<X509Certificate2> ServedAsync(int index, string lb, string expected)
    {
        X509Certificate2? served = null;
        for (var i = 0; i < 40; i++)
        {
            served?.Dispose();
            served = await TlsProbe.ServedCertificateAsync(_fleet.HaProxies[index].Endpoint, $"{lb}.{LocalFleet.ServiceName}");
            if (served.SerialNumber == expected)
            {
                break;
            }
            await Task.Delay(250);
        }
        return served!;
    }
}
