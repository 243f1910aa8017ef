using System.Text.RegularExpressions;
using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Monitoring;

/// <summary>
/// infra/monitoring/'s Prometheus alert rules pass promtool's checker and their unit tests (promtool from Debian's
/// prometheus package, which test.sh installs), and every alert is tested both firing and not firing.
/// </summary>
public sealed partial class PrometheusRulesTests
{
    private static string Monitoring => Path.Combine(InfraPaths.Infra, "monitoring");

    private static string RulesFile => Path.Combine(Monitoring, "lbacme.rules.yml");

    private static string[] TestFiles => [.. Directory.GetFiles(Path.Combine(Monitoring, "tests"), "*.yml").Order()];

    [Fact]
    public async Task The_rules_pass_promtool_check()
    {
        var check = await PromtoolAsync(["check", "rules", RulesFile]);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains($"SUCCESS: {AlertNames().Count} rules found", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rules_pass_their_promtool_unit_tests()
    {
        var test = await PromtoolAsync(["test", "rules", .. TestFiles]);

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal(TestFiles.Length, Regex.Count(test.StandardOutput, @"^\s*SUCCESS\s*$", RegexOptions.Multiline));
    }

    [Fact]
    public async Task The_unit_tests_fail_when_a_rule_changes()
    {
        // Proves the unit tests can fail: the bootstrap alert waiting 30 minutes instead of 15 misses its expected firing.
        var scratch = TestTools.NewScratchDirectory("promtool");
        try
        {
            Directory.CreateDirectory(Path.Combine(scratch, "tests"));
            var rules = await File.ReadAllTextAsync(RulesFile);
            var changed = rules.Replace("expr: lbacme_sidecar_certificate_bootstrap == 1\n        for: 15m", "expr: lbacme_sidecar_certificate_bootstrap == 1\n        for: 30m", StringComparison.Ordinal);
            Assert.NotEqual(rules, changed);
            await File.WriteAllTextAsync(Path.Combine(scratch, "lbacme.rules.yml"), changed);
            var copy = Path.Combine(scratch, "tests", "bootstrap.yml");
            File.Copy(Path.Combine(Monitoring, "tests", "bootstrap.yml"), copy);

            var test = await PromtoolAsync(["test", "rules", copy]);

            Assert.True(test.ExitCode != 0, test.ToString());
            Assert.Contains("LbAcmeServingBootstrapCertificate", test.StandardOutput + test.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Every_alert_is_tested_firing_and_not_firing()
    {
        var firing = new HashSet<string>();
        var silent = new HashSet<string>();
        foreach (var file in TestFiles)
        {
            string? alert = null;
            foreach (var line in File.ReadLines(file))
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith("alertname:", StringComparison.Ordinal))
                {
                    alert = trimmed["alertname:".Length..].Trim();
                }
                else if (alert is not null && trimmed == "exp_alerts: []")
                {
                    silent.Add(alert);
                }
                else if (alert is not null && trimmed.StartsWith("- exp_labels:", StringComparison.Ordinal))
                {
                    firing.Add(alert);
                }
            }
        }

        var alerts = AlertNames();
        Assert.True(alerts.Count >= 7, string.Join(", ", alerts));
        Assert.Empty(alerts.Except(firing));
        Assert.Empty(alerts.Except(silent));
    }

    private static List<string> AlertNames() =>
        [.. AlertLine().Matches(File.ReadAllText(RulesFile)).Select(m => m.Groups[1].Value)];

    private static Task<CommandResult> PromtoolAsync(string[] arguments)
    {
        var promtool = Command.FindOnPath("promtool")
            ?? throw new InvalidOperationException("promtool is not on PATH: install Debian's prometheus package (test.sh's ensure_apt line does)");
        return Command.RunAsync(promtool, arguments, TimeSpan.FromMinutes(1), workingDirectory: Monitoring);
    }

    [GeneratedRegex(@"^\s*- alert: (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();
}
