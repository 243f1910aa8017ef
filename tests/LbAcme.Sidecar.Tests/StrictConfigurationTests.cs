using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>
/// Every configuration mistake `lb-sidecar check` (the real binary) refuses with exit code 2, naming the field: unknown
/// keys wherever they were set, JSON syntax errors by line and column, and the fleet's semantic mistakes. Each case
/// changes one thing in a fleet that passes (see <see cref="The_unchanged_fleet_passes_the_configuration_check"/>).
/// </summary>
public sealed class StrictConfigurationTests : IDisposable
{
    private readonly string _directory = TestTools.NewScratchDirectory("strictconfig");

    /// <summary>One refusal: the fleet.json text replaced, extra arguments, extra environment, and what stderr must say.</summary>
    public sealed record Refusal(string Replace, string With, string[] Arguments, string[] Environment, string Expected)
    {
        public override string ToString() => Expected;
    }

    public static TheoryData<Refusal> Refusals() =>
    [
        // Unknown keys, with a suggestion and where they were set.
        Edit("\"Fleet\": {", "\"Sidecar\": { \"CertSync\": { \"Enabled\": true } },\n  \"Fleet\": {",
            "Sidecar:CertSync: unknown key; did you mean 'Sidecar:CertificateSync'? (in {file})"),
        Edit("\"Name\": \"lb1\",", "\"Name\": \"lb1\", \"Nmae\": \"lb1\",", "Fleet:LoadBalancers:1:Nmae: unknown key; did you mean 'Fleet:LoadBalancers:1:Name'?"),
        Edit("\"Fleet\": {", "\"Sidecars\": { \"LoadBalancer\": \"lb0\" },\n  \"Fleet\": {", "Sidecars: unknown section; did you mean 'Sidecar'?"),
        Edit("\"Names\"", "\"Vips\": { \"Primary\": \"127.0.9.1\" },\n    \"Names\"", "Fleet:Vips:Primary: 'Primary' is not a list index"),
        Edit("\"Names\"", "\"HaProxy\": \"/etc/haproxy\",\n    \"Names\"", "Fleet:HaProxy: '/etc/haproxy' is a single value; Fleet:HaProxy is a section"),
        Args("Fleet:LoadBalancers:0:PeerPrt: unknown key; did you mean 'Fleet:LoadBalancers:0:PeerPort'? (command line --Fleet:LoadBalancers:0:PeerPrt)",
            "--Fleet:LoadBalancers:0:PeerPrt=1"),
        Args("Sidecar:Peers:ReadTimout: unknown key; did you mean 'Sidecar:Peers:ReadTimeout'? (command line --Sidecar:Peers:ReadTimout)",
            "--Sidecar:Peers:ReadTimout", "00:00:02"),
        Env("Sidecar:Store:Containr: unknown key; did you mean 'Sidecar:Store:Container'? (environment variable LBACME_Sidecar__Store__Containr)",
            "LBACME_Sidecar__Store__Containr=x"),
        Env("Fleets: unknown section; did you mean 'Fleet'? (environment variable LBACME_Fleets__Names__0)", "LBACME_Fleets__Names__0=x.example.test"),
        // JSON syntax: file, 1-based line and column, the line itself.
        Edit("\"HttpPort\": 18080 },\n", "\"HttpPort\": 18080 }\n", "{file}:7:7: invalid JSON: '{' is invalid after a value"),
        // The fleet's meaning.
        Edit("\"Names\"", "\"Vips\": [\"127.0.9.1\", \"127.0.9.1\"],\n    \"Names\"", "Fleet:Vips[1]: '127.0.9.1' is also Fleet:Vips[0]"),
        Edit("\"Names\"", "\"Vips\": [\"127.0.1.2\"],\n    \"Names\"", "Fleet:Vips[0]: '127.0.1.2' is also Fleet:LoadBalancers[1]:Address"),
        Edit("\"Names\"", "\"Vips\": [\"10.1\"],\n    \"Names\"", "Fleet:Vips[0]: '10.1' is not an IP address written in full (did you mean 10.0.0.1?)"),
        Edit("\"Address\": \"127.0.1.2\"", "\"Address\": \"127.1\"", "Fleet:LoadBalancers[1]:Address: '127.1' is not an IP address written in full (did you mean 127.0.0.1?)"),
        Edit("\"Address\": \"127.0.1.2\", \"PeerPort\": 31081", "\"Address\": \"127.0.1.1\", \"PeerPort\": 31081",
            "Fleet:LoadBalancers[1]:Address: '127.0.1.1' is also Fleet:LoadBalancers[0]:Address, and the two share a port"),
        Edit("\"Name\": \"lb1\",", "\"Name\": \"lb1\", \"ExtraName\": \"LB.example.test\",", "Fleet:LoadBalancers[1]:ExtraName: 'lb.example.test' is also Fleet:LoadBalancers[0]:ExtraName"),
        Edit("\"Name\": \"lb1\",", "\"Name\": \"lb1\", \"ExtraName\": \"Svc.Example.Test.\",", "Fleet:LoadBalancers[1]:ExtraName: 'svc.example.test' is also Fleet:Names[0]"),
        Edit("\"svc.example.test\"", "\"svc\"", "Fleet:Names[0]: 'svc' is a single label"),
        Edit("\"Name\": \"lb1\",", "\"Name\": \"lb1\", \"ExtraName\": \"lb1\",", "Fleet:LoadBalancers[1]:ExtraName: 'lb1' is a single label"),
        Edit("\"svc.example.test\"", "\"10.0.0.256\"", "Fleet:Names[0]: '10.0.0.256' looks like an IP address"),
        Edit("\"svc.example.test\"", "\"192.0.2.1\"", "Fleet:Names[0]: '192.0.2.1' is an IP address"),
        Args("Sidecar:ListenAddress: '127.1' is not an IP address written in full", "--Sidecar:ListenAddress=127.1"),
        Args("Sidecar:MetricsEndpoint: '127.1:9180' is not address:port", "--Sidecar:MetricsEndpoint=127.1:9180"),
    ];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Check_refuses_with_exit_code_2_naming_the_field(Refusal refusal)
    {
        Assert.True(refusal.Replace.Length == 0 || Fleet.Contains(refusal.Replace, StringComparison.Ordinal), refusal.Replace);
        var path = await WriteFleetAsync(refusal.Replace.Length == 0 ? Fleet : Fleet.Replace(refusal.Replace, refusal.With, StringComparison.Ordinal));
        var environment = refusal.Environment.Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e[1]);

        var result = await CommandRunner.RunSidecarAsync(environment, ["check", "--config", path, "--lb", "lb0", .. refusal.Arguments]);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains(refusal.Expected.Replace("{file}", path, StringComparison.Ordinal), result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_syntax_error_shows_the_line_with_a_caret_under_the_column()
    {
        var path = await WriteFleetAsync(Fleet.Replace("\"HttpPort\": 18080 },\n", "\"HttpPort\": 18080 }\n", StringComparison.Ordinal));

        var result = await CommandRunner.RunSidecarAsync("check", "--config", path, "--lb", "lb0");

        var lines = result.StandardError.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains(":7:7: invalid JSON", StringComparison.Ordinal));
        Assert.True(at >= 0, result.StandardError);
        Assert.Equal("      { \"Name\": \"lb1\", \"Address\": \"127.0.1.2\", \"PeerPort\": 31081, \"HttpPort\": 18080 }", lines[at + 1].TrimEnd('\r')[4..]);
        Assert.Equal("^", lines[at + 2].TrimEnd('\r')[(4 + 6)..]);
    }

    /// <summary>The control for every refusal above: the same fleet, unchanged, passes (check then only fails on the unreachable peers).</summary>
    [Fact]
    public async Task The_unchanged_fleet_passes_the_configuration_check()
    {
        var path = await WriteFleetAsync(Fleet);
        // Case-insensitive keys like the binder's; Logging is free-form; LBACME_ variables without a section are the tools' own.
        var environment = new Dictionary<string, string> { ["LBACME_SOME_TOOL_SETTING"] = "1", ["LBACME_sidecar__peers__connecttimeout"] = "00:00:01" };

        var result = await CommandRunner.RunSidecarAsync(environment, "check", "--config", path, "--lb", "lb0",
            "--sidecar:peers:readtimeout=00:00:01", "--Logging:LogLevel:Anything.At.All=Warning");

        Assert.Contains("configuration OK; this is lb0", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
    }

    private static Refusal Edit(string replace, string with, string expected) => new(replace, with, [], [], expected);

    private static Refusal Args(string expected, params string[] arguments) => new("", "", arguments, [], expected);

    private static Refusal Env(string expected, params string[] environment) => new("", "", [], environment, expected);

    private async Task<string> WriteFleetAsync(string text)
    {
        var path = Path.Combine(_directory, $"fleet-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    // Line 7 is lb1's: a JSON error test removes the comma that ends line 6.
    private const string Fleet = """
        {
          "Fleet": {
            "Names": ["svc.example.test"],
            "AcmeDirectoryUrl": "https://acme-staging-v02.api.letsencrypt.org/directory",
            "LoadBalancers": [
              { "Name": "lb0", "ExtraName": "lb.example.test", "Address": "127.0.1.1", "PeerPort": 31080, "HttpPort": 18080 },
              { "Name": "lb1", "Address": "127.0.1.2", "PeerPort": 31081, "HttpPort": 18080 }
            ]
          }
        }
        """;

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
