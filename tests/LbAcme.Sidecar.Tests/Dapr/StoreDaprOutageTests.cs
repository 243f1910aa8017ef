using LbAcme.LocalEnvironment;
using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// daprd unreachable (the double stopped on its port) and daprd refusing the sidecar's token: the round fails,
/// the poll carries on with backoff, the deployed certificate keeps serving, and the failure is logged once.
/// </summary>
[Collection(StoreDaprGroup.Name)]
public sealed class StoreDaprOutageTests
{
    private const string Syncs = "lbacme_sidecar_certificate_syncs_total";
    private const string Failing = "Certificate sync of default failing: ";

    [Fact]
    public async Task With_daprd_down_the_poll_carries_on_logs_the_outage_once_and_its_end()
    {
        await using var env = await StoreDaprEnvironment.StartAsync(deployed: e => e.IssueNext());
        var good = env.IssueNext();
        env.SetSecret(good.Bundle);
        await env.WaitForAsync(async () => await env.ServedSerialAsync() == good.Serial, "the good certificate served");

        await env.Daprd.StopAsync();
        await env.WaitForAsync(async () => await env.MetricAsync(Syncs, StoreDaprEnvironment.Outcome("store_failed")) >= 6, "six failed rounds", seconds: 40);
        var backoff = await env.MetricAsync("lbacme_sidecar_certificate_retry_delay_seconds");
        var failingLines = StoreDaprEnvironment.Count(env.Sidecar.Output, Failing);
        var servedDuring = await env.ServedSerialAsync();
        var newer = env.IssueNext();
        env.SetSecret(newer.Bundle);
        await env.Daprd.StartAgainAsync();
        await env.WaitForAsync(async () => await env.ServedSerialAsync() == newer.Serial, "the newer certificate served after daprd is back", seconds: 30);

        Assert.True(failingLines == 1, env.Sidecar.Output);
        Assert.True(StoreDaprEnvironment.Count(env.Sidecar.Output, $"{Failing}reading {StoreDaprEnvironment.SecretName}: DaprSecretException: daprd unreachable (Unavailable") == 1, env.Sidecar.Output);
        Assert.InRange(backoff, 0.3, 1.6);
        Assert.Equal(good.Serial, servedDuring);
        Assert.Equal(1, StoreDaprEnvironment.Count(env.Sidecar.Output, "Certificate sync of default working again after "));
        Assert.Equal(1, StoreDaprEnvironment.Count(env.Sidecar.Output, Failing));
        Assert.Equal(0, await env.MetricAsync("lbacme_sidecar_certificate_retry_delay_seconds"));
    }

    [Fact]
    public async Task A_wrong_DAPR_API_TOKEN_fails_every_round_with_a_clear_error_and_check_names_it()
    {
        await using var env = await StoreDaprEnvironment.StartAsync(deployed: e => e.IssueNext(), sidecarToken: "not-the-token");
        var good = env.IssueNext();
        env.SetSecret(good.Bundle);
        var servedBefore = await env.ServedSerialAsync();

        await env.WaitForAsync(async () => await env.MetricAsync(Syncs, StoreDaprEnvironment.Outcome("store_failed")) >= 3, "three failed rounds");
        var check = await RunCheckAsync(env, "not-the-token");

        Assert.True(StoreDaprEnvironment.Count(env.Sidecar.Output, $"{Failing}reading {StoreDaprEnvironment.SecretName}: DaprSecretException: daprd refused the API token (Unauthenticated") == 1, env.Sidecar.Output);
        Assert.Contains("DAPR_API_TOKEN", env.Sidecar.Output, StringComparison.Ordinal);
        Assert.Equal(servedBefore, await env.ServedSerialAsync());
        Assert.NotEqual(good.Serial, servedBefore);
        Assert.True(check.ExitCode == 1, check.Output);
        Assert.Contains($"certificate source: dapr (secret store component 'lbacme-certificates' through daprd at {env.Daprd.GrpcEndpoint}", check.Output, StringComparison.Ordinal);
        Assert.Matches(@"certificate store\s+http://\S+ lbacme-certificates\s+yes\s+\d+ ms\s+FAIL\s+daprd refused the API token \(Unauthenticated", check.Output);
    }

    [Fact]
    public async Task Check_reads_the_secret_through_daprd_with_the_right_token()
    {
        await using var env = await StoreDaprEnvironment.StartAsync(deployed: e => e.IssueNext());
        env.SetSecret(env.IssueNext().Bundle);

        var check = await RunCheckAsync(env, StoreDaprEnvironment.ApiToken);

        Assert.Matches(@"certificate store\s+http://\S+ lbacme-certificates\s+yes\s+\d+ ms\s+ok\s+reads lbacme-lb0 \(version sha256:[0-9a-f]{64}\)", check.Output);
    }

    /// <summary><c>lb-sidecar check</c> (the native binary) with the sidecar's own settings and the given token.</summary>
    private static async Task<(int ExitCode, string Output)> RunCheckAsync(StoreDaprEnvironment env, string token)
    {
        string[] arguments = SidecarBinary.Arguments(["check", "--config", env.ConfigPath, "--Sidecar:LoadBalancer=lb0", $"--Sidecar:ListenAddress={env.Sidecar.Address}", .. env.Arguments()]);
        var result = await Command.RunAsync(SidecarBinary.FileName, arguments, TimeSpan.FromMinutes(1), environment: new Dictionary<string, string> { ["DAPR_API_TOKEN"] = token });
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
