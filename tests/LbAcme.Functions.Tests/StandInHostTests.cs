using LbAcme.Testing;

namespace LbAcme.Functions.Tests;

/// <summary>The stand-in host as a process: a store or queue that does not answer is a clear message and exit 1, never a stack trace.</summary>
public sealed class StandInHostTests
{
    [Fact]
    public async Task An_unreachable_queue_service_is_reported_in_one_line_and_exit_1()
    {
        // Port 9 on loopback: nothing listens, so every call is refused at once.
        const string Unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.DevAccountKey
            + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        string[] settings =
        [
            "--Fleet:Names:0=svc.example", "--Fleet:AcmeDirectoryUrl=https://127.0.0.1:9/dir",
            "--Fleet:LoadBalancers:0:Name=lb0", "--Fleet:LoadBalancers:0:Address=127.0.0.1",
            $"--Store:ConnectionString={Unreachable}", $"--RenewalQueue={Unreachable}", "--RenewalSchedule=0 17 * * * *",
            "--Logging:LogLevel:Default=None",
        ];

        var run = await Command.RunAsync(SidecarProcess.DotnetHost, [Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "local", "--once", .. settings], TimeSpan.FromMinutes(2));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the stand-in host could not start:", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }
}
