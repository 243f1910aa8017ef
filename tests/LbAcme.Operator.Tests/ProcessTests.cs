using System.Diagnostics;
using LbAcme.Core.Status;

namespace LbAcme.Operator.Tests;

/// <summary>The built lb-acme as cron or Nagios runs it: its own process, the exit code and output they see, the key from the environment.</summary>
public sealed class ProcessTests
{
    [Theory]
    [InlineData(CertificateState.Ok, 0)]
    [InlineData(CertificateState.Expiring, 1)]
    [InlineData(CertificateState.Unreachable, 2)]
    public async Task The_process_exit_code_is_the_worst_state(CertificateState state, int expected)
    {
        const string key = "process-key-never-printed";
        var document = state == CertificateState.Ok ? Documents.AllOk() : Documents.WithAddressIn(state);
        await using var server = await StatusServer.ServingAsync(Documents.Json(document));
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "lb-acme.dll"), "status", "--url", server.Url.ToString() })
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["LBACME_FUNCTION_KEY"] = key;
        info.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(expected, process.ExitCode);
        Assert.StartsWith("LB-ACME " + ((Status.StatusExitCode)expected).ToString().ToUpperInvariant(), await output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await error);
        Assert.Equal(key, server.Requests.Single().Headers["x-functions-key"]);
        Assert.DoesNotContain(key, await output, StringComparison.Ordinal);
    }
}
