using LbAcme.Sidecar.Logging;

namespace LbAcme.Sidecar.Commands.Checks;

/// <summary>
/// Runs one probe of <c>lb-sidecar check</c> within a fixed time: a store or socket that never answers is a row
/// saying so, not a check that hangs. Any other failure the probe did not turn into a row is one too.
/// </summary>
internal static class BoundedProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<CheckRow> RunAsync(string name, string address, TimeProvider time, Func<CancellationToken, Task<CheckRow>> probe)
    {
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(Timeout, time);
        try
        {
            return await probe(deadline.Token).WaitAsync(Timeout, time, deadline.Token);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && deadline.IsCancellationRequested)
        {
            return new CheckRow(name, address, false, time.GetElapsedTime(started), false, $"no answer within {Timeout.TotalSeconds:0} s");
        }
#pragma warning disable CA1031 // whatever else a probe meets is a row in the table, not a crash of check
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The SDKs wrap the cause ("Retry failed after 3 tries" around "Connection refused"): the cause is the row.
            var cause = e is AggregateException { InnerExceptions.Count: > 0 } retries
                ? retries.Flatten().InnerExceptions[^1].GetBaseException()
                : e.GetBaseException();
            return new CheckRow(name, address, false, time.GetElapsedTime(started), false, $"{cause.GetType().Name}: {FailureReason.FirstLine(cause.Message)}");
        }
    }

}
