using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>A bad fleet.json stops the daemon before it listens, with exit code 2 and the field named.</summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly string _directory = TestTools.NewScratchDirectory("badconfig");

    [Theory]
    [InlineData("\"Address\": \"127.0.1.2\"", "\"Address\": \"foo\"", "Fleet:LoadBalancers[1]:Address: 'foo' is not an IP address")]
    [InlineData("\"PeerPort\": 31081", "\"PeerPort\": \"abc\"", "Fleet:LoadBalancers[1]:PeerPort: 'abc' is not a TCP port")]
    [InlineData("\"svc.example.test\"", "\"*.example.test\"", "Fleet:Names[0]: '*.example.test' is a wildcard; HTTP-01 cannot prove wildcard names")]
    [InlineData("\"Name\": \"lb1\"", "\"Name\": \"LB 1\"", "Fleet:LoadBalancers[1]:Name: 'LB 1' must be")]
    public async Task Run_refuses_a_broken_fleet_naming_the_field(string replace, string with, string expected)
    {
        var config = WriteFleet().Replace(replace, with, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_directory, "fleet.json"), config);

        var result = await CommandRunner.RunSidecarAsync("run", "--config", Path.Combine(_directory, "fleet.json"), "--Sidecar:LoadBalancer=lb0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal); // no stack trace
    }

    [Theory]
    [InlineData("--Sidecar:LoadBalancer=lb9", "Sidecar:LoadBalancer: 'lb9' is not in Fleet:LoadBalancers (lb0, lb1)")]
    [InlineData("--Sidecar:Peers:HedgeDelay=00:00:09", "Sidecar:Peers:HedgeDelay: '00:00:09' must be between")]
    [InlineData("--Sidecar:Peers:AllowedNetworks:0=10.0.0.0/99", "Sidecar:Peers:AllowedNetworks[0]: '10.0.0.0/99' is not")]
    [InlineData("--Sidecar:MetricsEndpoint=nowhere", "Sidecar:MetricsEndpoint: 'nowhere' is not address:port")]
    [InlineData("--Sidecar:Peers:ReadTimeout=soon", "Sidecar:Peers:ReadTimeout")]
    public async Task Run_and_check_refuse_bad_sidecar_settings_naming_the_field(string setting, string expected)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "fleet.json"), WriteFleet());
        string[] common = ["--config", Path.Combine(_directory, "fleet.json"), "--Sidecar:LoadBalancer=lb0", setting];

        var run = await CommandRunner.RunSidecarAsync(["run", .. common]);
        var check = await CommandRunner.RunSidecarAsync(["check", .. common]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains(expected, check.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_is_reported_with_its_path()
    {
        var result = await CommandRunner.RunSidecarAsync("run", "--config", Path.Combine(_directory, "absent.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.json' not found", result.StandardError, StringComparison.Ordinal);
    }

    private static string WriteFleet() => """
        {
          "Fleet": {
            "Names": ["svc.example.test"],
            "AcmeDirectoryUrl": "https://acme-staging-v02.api.letsencrypt.org/directory",
            "LoadBalancers": [
              { "Name": "lb0", "Address": "127.0.1.1", "PeerPort": 31080, "HttpPort": 18080 },
              { "Name": "lb1", "Address": "127.0.1.2", "PeerPort": 31081, "HttpPort": 18080 }
            ]
          }
        }
        """;

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
