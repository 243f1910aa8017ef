using System.Reflection;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>
/// The command line as an operator meets it, through the real binary: --version and --help never start anything,
/// unknown commands and flags are refused with exit code 2, --lb means this LB wherever it is accepted, the
/// --Section:Key=value overrides keep working beside strict flags, and no failure ends in a stack trace.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = TestTools.NewScratchDirectory("cli");

    [Theory]
    [InlineData("--version")]
    [InlineData("--version", "--config", "{fleet}", "--Sidecar:LoadBalancer=lb0")]
    [InlineData("--config", "{fleet}", "--version", "--lb", "lb0")]
    public async Task Version_prints_the_version_and_never_starts_the_daemon(params string[] arguments)
    {
        var expected = typeof(SidecarOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var result = await RunAsync(arguments);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("lb-sidecar [command] [options]", "--help")]
    [InlineData("lb-sidecar [command] [options]", "-h")]
    [InlineData("lb-sidecar run [options]", "run", "--help")]
    [InlineData("lb-sidecar check [options]", "check", "-h")]
    [InlineData("lb-sidecar render [command] [options]", "render", "--help")]
    [InlineData("lb-sidecar render haproxy [options]", "render", "haproxy", "--help")]
    [InlineData("lb-sidecar render keepalived [options]", "render", "keepalived", "-h")]
    [InlineData("lb-sidecar render keepalived-dropin [options]", "render", "keepalived-dropin", "--help")]
    [InlineData("lb-sidecar render systemd [options]", "render", "systemd", "--help")]
    public async Task Help_is_printed_for_every_command(string usage, params string[] arguments)
    {
        var result = await RunAsync(arguments);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(usage, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--config <FILE>", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_says_how_configuration_overrides_are_given()
    {
        var result = await RunAsync("--help");

        Assert.Contains("--Section:Key=value", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("LBACME_Section__Key", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'chekc': did you mean 'check'?", "chekc", "--config", "{fleet}")]
    [InlineData("'--lbb': did you mean '--lb'?", "check", "--config", "{fleet}", "--lbb", "lb1")]
    [InlineData("Unrecognized command or argument '--frobnicate'", "render", "haproxy", "--lb", "lb0", "--config", "{fleet}", "--frobnicate")]
    [InlineData("Unrecognized command or argument '--out'", "check", "--config", "{fleet}", "--out", "x")]
    [InlineData("'haproxi': did you mean 'haproxy'?", "render", "haproxi", "--lb", "lb0")]
    [InlineData("Option '--lb' is required", "render", "keepalived", "--config", "{fleet}")]
    [InlineData("Required command was not provided", "render", "--config", "{fleet}")]
    [InlineData("Unrecognized command or argument '--Sidecar:LoadBalancer'", "check", "--config", "{fleet}", "--Sidecar:LoadBalancer")]
    public async Task Unknown_commands_and_flags_are_refused_with_exit_code_2(string expected, params string[] arguments)
    {
        var result = await RunAsync(arguments);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--lb", "lb1")]
    [InlineData("check", "--Sidecar:LoadBalancer", "lb1")]
    [InlineData("--Sidecar:LoadBalancer=lb0", "check", "--lb", "lb1")]
    [InlineData("check", "--lb=lb1")]
    public async Task Check_checks_the_lb_it_is_given(params string[] arguments)
    {
        var result = await RunAsync([.. arguments, "--config", "{fleet}"]);

        Assert.Contains("configuration OK; this is lb1", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    [InlineData]
    public async Task An_lb_that_is_not_in_the_fleet_is_refused_by_every_command_that_takes_lb(params string[] command)
    {
        var result = await RunAsync([.. command, "--config", "{fleet}", "--lb", "lb9"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Sidecar:LoadBalancer: 'lb9' is not in Fleet:LoadBalancers (lb0, lb1)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_to_a_missing_directory_is_an_error_not_an_abort()
    {
        var result = await RunAsync("render", "haproxy", "--config", "{fleet}", "--lb", "lb0", "--out", "/missing/dir/haproxy.cfg",
            "--Fleet:Vips:0=127.0.9.1", "--Fleet:HaProxy:Service:Servers:0:Name=app0", "--Fleet:HaProxy:Service:Servers:0:Address=127.0.0.1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lb-sidecar render haproxy: --out: cannot write '/missing/dir/haproxy.cfg'", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_systemd_takes_the_config_path_the_unit_passes()
    {
        var result = await RunAsync("render", "systemd", "--config", "{fleet}", "--lb", "lb1", "--unit-config", "/etc/lb-acme/other.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--config /etc/lb-acme/other.json", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_render_setting_section_is_refused()
    {
        // Render:ConfigPath was read from the configuration before --unit-config existed; the top level is Fleet, Sidecar, Logging.
        var result = await RunAsync("render", "systemd", "--config", "{fleet}", "--Render:ConfigPath=/x.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Render: unknown section", result.StandardError, StringComparison.Ordinal);
    }

    private async Task<CommandRunner.Result> RunAsync(params string[] arguments)
    {
        var fleet = Path.Combine(_directory, "fleet.json");
        if (!File.Exists(fleet))
        {
            await File.WriteAllTextAsync(fleet, Fleet);
        }
        return await CommandRunner.RunSidecarAsync([.. arguments.Select(a => a.Replace("{fleet}", fleet, StringComparison.Ordinal))]);
    }

    private const string Fleet = """
        {
          "Fleet": {
            "Names": ["svc.example.test"],
            "AcmeDirectoryUrl": "https://acme-staging-v02.api.letsencrypt.org/directory",
            "LoadBalancers": [
              { "Name": "lb0", "Address": "127.0.1.1", "PeerPort": 31080, "HttpPort": 18080 },
              { "Name": "lb1", "Address": "127.0.1.2", "PeerPort": 31081, "HttpPort": 18080 }
            ]
          },
          "Sidecar": { "Peers": { "ConnectTimeout": "00:00:01", "ReadTimeout": "00:00:01" } }
        }
        """;

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
