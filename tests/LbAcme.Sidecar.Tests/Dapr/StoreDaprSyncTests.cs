using LbAcme.Core.Store;
using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// The certificate source "dapr" end to end: the native sidecar reads its secret from the Dapr double over gRPC (with
/// the API token), verifies it exactly as for the Key Vault and Blob sources, and hot-swaps it into a real HAProxy.
/// </summary>
[Collection(StoreDaprGroup.Name)]
public sealed class StoreDaprSyncTests
{
    private const string Syncs = "lbacme_sidecar_certificate_syncs_total";
    private const string Refusals = "lbacme_sidecar_certificate_refusals_total";
    private const string Applies = "lbacme_sidecar_certificate_applies_total";

    [Fact]
    public async Task A_new_secret_is_hot_swapped_into_the_running_HAProxy_and_an_unchanged_one_is_not_deployed_again()
    {
        await using var env = await StoreDaprEnvironment.StartAsync(deployed: e => e.IssueNext());
        var haproxyPid = env.HaProxy!.ProcessId;
        var newer = env.IssueNext();

        env.SetSecret(newer.Bundle);
        await env.WaitForAsync(async () => await env.ServedSerialAsync() == newer.Serial, "the secret's certificate served");
        var reads = env.SecretReads;
        await env.WaitForAsync(() => Task.FromResult(env.SecretReads >= reads + 5), "five more secret reads");

        var metrics = await env.MetricsAsync();
        Assert.Equal(haproxyPid, env.HaProxy.ProcessId);
        Assert.False(env.HaProxy.HasExited);
        Assert.Equal(1, metrics.Sum(Applies, "method=\"hot_swap\""));
        Assert.Equal(1, metrics.Sum(Syncs, StoreDaprEnvironment.Outcome("deployed")));
        Assert.True(metrics.Sum(Syncs, StoreDaprEnvironment.Outcome("skipped")) >= 4, metrics.Text);
        Assert.Equal(1, StoreDaprEnvironment.Count(env.Sidecar.Output, "Deployed certificate default "));
        Assert.Contains("from store version sha256:", env.Sidecar.Output, StringComparison.Ordinal);
        Assert.Contains(newer.LeafPem, await File.ReadAllTextAsync(env.PemPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_refusal_keeps_the_good_certificate_serving()
    {
        await using var env = await StoreDaprEnvironment.StartAsync(deployed: e => e.IssueNext());
        var good = env.IssueNext();
        env.SetSecret(good.Bundle);
        await env.WaitForAsync(async () => await env.ServedSerialAsync() == good.Serial, "the good certificate served");
        var other = env.IssueNext();
        var now = DateTimeOffset.UtcNow;
        var cases = new (string Case, string Value, string Reason)[]
        {
            ("wrong names", env.Issuer.Issue(["elsewhere.example.test"], now.AddMinutes(-1)).Bundle, "wrong_names"),
            ("expired", env.Issuer.Issue([StoreDaprEnvironment.ServiceName], now.AddDays(-100), TimeSpan.FromDays(10)).Bundle, "expired"),
            ("key mismatch", $"{other.LeafPem}\n{other.IntermediatePem}\n{good.KeyPem}\n", "invalid_bundle"),
            ("untrusted chain", env.ForeignIssuer.Issue([StoreDaprEnvironment.ServiceName], now.AddMinutes(-1)).Bundle, "untrusted_chain"),
            ("not a PEM", "this is not a certificate\n", "invalid_bundle"),
            ("over the bundle limit, within daprd's frame", new string('A', StoreReadLimits.MaxCertificateBytes + 1024), "too_large"),
            ("over daprd's frame", new string('A', StoreReadLimits.MaxCertificateResponseBytes + 1024), "too_large"),
        };
        var problems = new List<string>();
        foreach (var (name, value, reason) in cases)
        {
            var before = await env.MetricAsync(Refusals, StoreDaprEnvironment.Reason(reason));
            env.SetSecret(value);
            try
            {
                await env.WaitForAsync(async () => await env.MetricAsync(Refusals, StoreDaprEnvironment.Reason(reason)) > before, $"the {name} secret refused ({reason})", seconds: 10);
            }
            catch (TimeoutException)
            {
                problems.Add($"{name}: not refused as {reason}");
            }
            var served = await env.ServedSerialAsync();
            if (served != good.Serial)
            {
                problems.Add($"{name}: serving {served}, expected {good.Serial}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + env.Sidecar.Output);
        Assert.Contains(good.LeafPem, await File.ReadAllTextAsync(env.PemPath), StringComparison.Ordinal);
        Assert.Equal(0, await env.MetricAsync(Syncs, StoreDaprEnvironment.Outcome("store_failed")));
        // An oversize answer is refused before it is buffered: named by the receive limit, never read.
        Assert.Contains($"over the {StoreReadLimits.MaxCertificateResponseBytes}-byte limit for daprd's answer", env.Sidecar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_secret_is_not_in_store_and_the_LB_bootstraps_until_it_exists()
    {
        await using var env = await StoreDaprEnvironment.StartAsync();

        await env.WaitForAsync(async () => await env.MetricAsync(Syncs, StoreDaprEnvironment.Outcome("not_in_store")) >= 3, "three rounds without the secret");
        Assert.True(File.Exists(env.PemPath), env.Sidecar.Output);
        Assert.Equal(1, StoreDaprEnvironment.Count(env.Sidecar.Output, $"The certificate store has no {StoreDaprEnvironment.SecretName} yet"));
        Assert.Contains("Wrote a self-signed bootstrap certificate", env.Sidecar.Output, StringComparison.Ordinal);
        Assert.Equal(0, await env.MetricAsync(Syncs, StoreDaprEnvironment.Outcome("store_failed")));

        var first = env.IssueNext();
        env.SetSecret(first.Bundle);
        await env.WaitForAsync(async () => (await File.ReadAllTextAsync(env.PemPath)).Contains(first.LeafPem, StringComparison.Ordinal), "the secret's certificate written");
    }
}
