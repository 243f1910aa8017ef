using System.Text.Json;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Logging;

/// <summary>
/// Sidecar:LogFormat through the real binary. Each sidecar finds a certificate it must refuse in the store, so
/// its output holds information, warning and error lines alike.
/// </summary>
[Collection(LoggingGroup.Name)]
public sealed class LogFormatTests(LoggingEnvironment env)
{
    [Fact]
    public async Task Json_writes_one_object_per_line_with_level_category_and_message()
    {
        var lines = await RunUntilRefusedAsync("json", "127.0.7.31", "json");

        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("LogLevel").GetString()), line);
            Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("Category").GetString()), line);
            Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("Message").GetString()), line);
            Assert.EndsWith("Z", entry.RootElement.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        }
        Assert.Contains(lines, l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) && l.Contains("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Systemd_prefixes_every_line_with_its_syslog_priority()
    {
        var lines = await RunUntilRefusedAsync("systemd", "127.0.7.32", "systemd");

        AssertSystemd(lines);
    }

    [Fact]
    public async Task Auto_is_systemd_under_journald()
    {
        var lines = await RunUntilRefusedAsync("auto-journal", "127.0.7.33", "auto", journalStream: "8:123456");

        AssertSystemd(lines);
    }

    [Fact]
    public async Task Auto_is_simple_with_a_utc_timestamp_elsewhere()
    {
        var lines = await RunUntilRefusedAsync("auto-plain", "127.0.7.34", "auto", journalStream: "");

        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warn|fail|crit): ", l));
        Assert.Contains(lines, l => l.Contains(" fail: ", StringComparison.Ordinal) && l.Contains("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_format_is_refused_naming_the_field()
    {
        var (slots, config, _) = env.NewFleet("bad-format", "127.0.7.35");

        var result = await CommandRunner.RunSidecarAsync("run", "--config", config, $"--Sidecar:LoadBalancer={slots[0].Name}", "--Sidecar:LogFormat=xml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Sidecar:LogFormat: 'xml' is not a log format", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    private static void AssertSystemd(IReadOnlyList<string> lines)
    {
        Assert.All(lines, l => Assert.Matches("^<[0-7]>", l));
        Assert.Contains(lines, l => l.StartsWith("<3>", StringComparison.Ordinal) && l.Contains("Refused", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("<6>", StringComparison.Ordinal));
    }

    /// <summary>Starts a one-LB fleet whose store holds a certificate that is not one, and returns its output once it refused it.</summary>
    private async Task<IReadOnlyList<string>> RunUntilRefusedAsync(string name, string address, string format, string? journalStream = null)
    {
        var (slots, config, directory) = env.NewFleet(name, address);
        var lb = slots[0];
        await env.PutCertificateAsync(lb.Name, "not a certificate");
        var environment = journalStream is null ? null : new Dictionary<string, string> { ["JOURNAL_STREAM"] = journalStream };
        await using var sidecar = await SidecarProcess.StartAsync(lb.Name, config, lb.Address, lb.HttpPort, lb.PeerPort,
            [.. env.SidecarArguments(directory, lb.Name, env.Azurite.ConnectionString), $"--Sidecar:LogFormat={format}"], environment);
        await LoggingEnvironment.WaitForAsync(async () => (await LoggingEnvironment.MetricsAsync(sidecar)).Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"refused\"") >= 1,
            "the refusal", sidecar);
        await LoggingEnvironment.WaitForAsync(() => Task.FromResult(sidecar.Output.Contains("Refused", StringComparison.Ordinal)), "the refusal line", sidecar);
        return sidecar.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
