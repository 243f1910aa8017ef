using System.Globalization;
using System.Text.Json.Nodes;
using LbAcme.Core.Served;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Served;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>
/// The probe wired as the function app wires it, over the local fleet (Azurite, Pebble, three sidecars, three
/// HAProxies on one HTTPS port): the bootstrap certificates before a renewal, the issued ones after. Prints how long
/// the probe of the three LBs took (a measurement, not a bound).
/// </summary>
public sealed class ServedLocalFleetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await LocalFleet.StartAsync(withHaProxy: true);

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task The_fleets_HAProxies_share_the_HTTPS_port_the_fleet_names_and_the_probe_sees_bootstrap_then_issued_certificates()
    {
        var port = _fleet.HttpsPort.ToString(CultureInfo.InvariantCulture);
        Assert.All(_fleet.HaProxies, h => Assert.Equal(_fleet.HttpsPort, h.Port));
        var settings = _fleet.EngineSettings();
        Assert.Equal(port, settings["Fleet:HaProxy:Service:HttpsPort"]);
        var file = JsonNode.Parse(await File.ReadAllTextAsync(_fleet.ConfigPath))!;
        Assert.Equal(_fleet.HttpsPort, file["Fleet"]!["HaProxy"]!["Service"]!["HttpsPort"]!.GetValue<int>());

        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddRenewalEngine(configuration);
        services.AddServedProbe(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var recorder = provider.GetRequiredService<ServedProbeRecorder>();

        var bootstrap = await recorder.RecordAsync(CancellationToken.None);
        Report("bootstrap", bootstrap);
        Assert.Equal(_fleet.LbNames.Count * 2, bootstrap.Observations.Count);
        Assert.All(bootstrap.Observations, o =>
        {
            Assert.True(o.Error is null, $"{o.Address} {o.ServerName}: {o.Error}");
            Assert.Equal($"{_fleet.Addresses[_fleet.LbNames.ToList().IndexOf(o.Lb!)]}:{port}", o.Address);
            Assert.True(o.SelfSigned);
            Assert.False(o.ChainValid);
        });

        var run = await provider.GetRequiredService<IRenewalRunner>().RunAsync(new RunRequest("probe"), CancellationToken.None);
        foreach (var outcome in run.Outcomes)
        {
            Assert.True(outcome.Outcome == LbOutcomeKind.Renewed, $"{outcome.Lb}: {outcome.Outcome} {outcome.Detail}");
            Assert.Equal(outcome.Serial, await ServedSerial.WaitForAsync(_fleet.TlsEndpoint(outcome.Lb)!, _fleet.OwnName(outcome.Lb), outcome.Serial!));
        }

        var issued = await recorder.RecordAsync(CancellationToken.None);
        Report("issued", issued);
        foreach (var outcome in run.Outcomes)
        {
            var observations = issued.Observations.Where(o => o.Lb == outcome.Lb).ToList();
            Assert.Equal([LocalFleet.ServiceName, _fleet.OwnName(outcome.Lb)], observations.Select(o => o.ServerName));
            Assert.All(observations, o =>
            {
                Assert.Equal(outcome.Serial, o.Serial);
                Assert.True(o.ChainValid, o.ChainProblem);
                Assert.True(o.NamesCovered);
                Assert.False(o.SelfSigned);
            });
        }
        var stored = await provider.GetRequiredService<IServedReportStore>().GetLatestAsync(CancellationToken.None);
        Assert.Equal(issued.Started, stored!.Started);
        Assert.Equal(issued.Observations.Select(o => o.Serial), stored.Observations.Select(o => o.Serial));
    }

    private void Report(string what, ServedReport report) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"probe of the {_fleet.LbNames.Count}-LB local fleet ({what}): {report.Observations.Count} handshakes in {(report.Finished - report.Started).TotalMilliseconds:0.0} ms (slowest {report.Observations.Max(o => o.ElapsedMilliseconds):0.0} ms)"));
}
