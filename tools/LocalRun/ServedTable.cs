using LbAcme.LocalEnvironment;
using LbAcme.Operator.Status;
using LbAcme.Operator.Table;

namespace LbAcme.LocalRun;

/// <summary>
/// run-local's ending: the served-certificate probe run now through the stand-in host (POST /api/probe, after every
/// sidecar has swapped its certificate in), then GET /api/status printed as <c>lb-acme status</c> prints it: each
/// address, the serial it serves, its state.
/// </summary>
internal static class ServedTable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The status command's exit code for what was printed (3 when the status could not be read).</summary>
    public static async Task<StatusExitCode> PrintAsync(StatusServer host, TimeProvider time, CancellationToken cancellationToken)
    {
        Progress.Step($"probing every VIP and LB address (POST {host.BaseUrl}api/probe), then reading GET {host.StatusUrl}");
        var (probe, _) = await host.ProbeAsync(cancellationToken);
        if ((int)probe is < 200 or > 299)
        {
            Progress.Step($"the probe answered {(int)probe} {probe}; the served columns show the last stored probe, if any");
        }
        using var client = HttpStatusReader.CreateClient(ReadTimeout);
        var command = new StatusCommand(Console.Out, Console.Error, TerminalStyle.Detect(), time);
        Console.WriteLine();
        Console.WriteLine($"served certificates (lb-acme status --url {host.BaseUrl}):");
        return await command.RunAsync(new StatusRequest(host.StatusUrl, Key: null, StoreArguments.None, Json: false, ReadTimeout), cancellationToken);
    }
}
