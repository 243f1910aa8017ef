using LbAcme.LocalEnvironment;

namespace LbAcme.Functions.Tests;

/// <summary>The function app as the Functions host starts it: a wrong configuration field stops it at start, with the field's name, before any order.</summary>
public sealed class WorkerConfigurationTests
{
    internal static readonly string[] Good =
    [
        "--Fleet:Names:0=svc.example.com",
        "--Fleet:AcmeDirectoryUrl=https://acme-staging-v02.api.letsencrypt.org/directory",
        "--Fleet:LoadBalancers:0:Name=lb0",
        "--Fleet:LoadBalancers:0:Address=192.0.2.10",
        "--Store:ConnectionString=UseDevelopmentStorage=true",
    ];

    [Fact]
    public async Task The_worker_exits_2_naming_the_field_and_starts_no_order()
    {
        await using var process = ManagedProcess.Start("function app", SidecarProcess.DotnetHost,
            [Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "timer", "--once", .. Good, "--Fleet:LoadBalancers:0:PeerPort=99999"]);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("Fleet:LoadBalancers[0]:PeerPort", process.Output, StringComparison.Ordinal);
        Assert.Contains("configuration error", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }
}
