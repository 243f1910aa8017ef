using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Xunit;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>The README documents every metric the sidecar exports, and the alert rules read only metrics it exports under current names.</summary>
public sealed partial class MetricNamesTests
{
    [Fact]
    public async Task The_readme_table_names_every_exported_metric()
    {
        var families = await ExportedAsync();
        var readme = await File.ReadAllTextAsync(Path.Combine(TestTools.RepoRoot, "lb-sidecar", "README.md"));

        Assert.True(families.Count >= 30, string.Join(", ", families.Keys));
        // Current names are rows of the tables; deprecated ones are named in the paragraph under them.
        var undocumented = families
            .Where(f => !readme.Contains(f.Value.StartsWith("Deprecated", StringComparison.Ordinal) ? $"`{f.Key}`" : $"| `{f.Key}` |", StringComparison.Ordinal))
            .Select(f => f.Key)
            .ToList();
        Assert.True(undocumented.Count == 0, $"not in lb-sidecar/README.md: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public async Task The_alert_rules_read_only_exported_current_metrics()
    {
        var families = await ExportedAsync();
        var rules = await File.ReadAllTextAsync(Path.Combine(TestTools.RepoRoot, "infra", "monitoring", "lbacme.rules.yml"));

        var used = MetricName().Matches(rules).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.True(families.TryGetValue(name, out var help) && !help.StartsWith("Deprecated", StringComparison.Ordinal),
            $"{name} is not a current metric of the sidecar"));
    }

    /// <summary>Family name → help text, from a registry with every part registered and a leaf served.</summary>
    private static async Task<Dictionary<string, string>> ExportedAsync()
    {
        var metrics = new SidecarMetrics();
        metrics.KnownPeers([new Peer("lb1", new IPEndPoint(IPAddress.Loopback, 1), 0)]);
        metrics.ForListener("public");
        _ = ConnectionMetrics.ForListener(metrics, "public");
        _ = new LbAcme.Sidecar.Events.EventMetrics(metrics);
        var certificates = new CertificateSyncMetrics(metrics, MsOptions.Create(new SidecarOptions())).For("default", first: true);
        using (var bundle = BootstrapCertificate.Create(["svc.example.test"], DateTimeOffset.UtcNow))
        {
            certificates.Served(DeployedCertificate.From(bundle.Leaf));
        }
        certificates.Outcome(LbAcme.Core.Status.DeployOutcome.Deployed, DateTimeOffset.UtcNow);
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        return HelpLine().Matches(Encoding.UTF8.GetString(text.ToArray())).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex(@"\blbacme_sidecar_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^# HELP (\S+) (.*)$", RegexOptions.Multiline)]
    private static partial Regex HelpLine();
}
