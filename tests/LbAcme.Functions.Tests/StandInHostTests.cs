using LbAcme.LocalEnvironment;

namespace LbAcme.Functions.Tests;

/// <summary>The stand-in host as a process: a store or queue that does not answer is a clear message and exit 1, never a stack trace.</summary>
public sealed class StandInHostTests
{
    // Port 9 on loopback: nothing listens, so every call is refused at once.
    private const string Unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteFixture.DevAccountKey
        + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    private static readonly string[] Settings =
    [
        "--Fleet:Names:0=svc.example", "--Fleet:AcmeDirectoryUrl=https://127.0.0.1:9/dir",
        "--Fleet:LoadBalancers:0:Name=lb0", "--Fleet:LoadBalancers:0:Address=127.0.0.1",
        $"--Store:ConnectionString={Unreachable}", $"--RenewalQueue={Unreachable}", "--RenewalSchedule=0 17 * * * *",
        "--Logging:LogLevel:Default=None",
    ];

    [Fact]
    public async Task An_unreachable_queue_service_is_reported_in_one_line_and_exit_1()
    {
        var run = await RunAsync(["local", "--once", .. Settings]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the stand-in host could not start:", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_spelled_otherwise_than_used_is_said_once_at_start()
    {
        var run = await RunAsync(["local", "--once", .. Settings, "--Fleet:Names:0=Svc.Example.", "--Logging:LogLevel:LbAcme.Functions.FunctionAppServices=Information"]);

        Assert.Equal(1, run.ExitCode); // the queue is unreachable; the note comes before any call to it
        Assert.Contains("Fleet:Names[0]: 'Svc.Example.' is used as 'svc.example'", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--RenewalSchedule=every hour", "RenewalSchedule:")]
    [InlineData("--RenewalQueue=not a connection string", "RenewalQueue: not a storage connection string")]
    [InlineData("--Fleet:AcmeDirectoryUrl=ftp://ca.example/dir", "Fleet:AcmeDirectoryUrl")]
    public async Task A_wrong_setting_stops_the_stand_in_host_with_exit_2_naming_it(string wrong, string named)
    {
        var run = await RunAsync(["local", "--once", .. Settings, wrong]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("configuration error: " + named, run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    private static Task<CommandResult> RunAsync(string[] arguments) =>
        Command.RunAsync(SidecarProcess.DotnetHost, [Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), .. arguments], TimeSpan.FromMinutes(2));
}
