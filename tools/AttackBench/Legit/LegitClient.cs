using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Legit;

/// <summary>
/// A legitimate client at a steady rate, in groups of <see cref="Perspectives"/> identical requests sent at the same
/// instant, as a CA validating from several network perspectives at once does (Let's Encrypt's multi-perspective
/// validation): group g starts at g × <see cref="Perspectives"/> / rate seconds whether or not earlier ones have answered (a CA
/// does not wait for an attacker to finish), each on a fresh connection from its own source address, each bounded
/// by the timeout. Latency runs from the start of the connect to the end of the answer.
/// </summary>
internal sealed class LegitClient(IPAddress source, IPEndPoint target, IReadOnlyList<LegitRequest> mix, double rate, TimeSpan timeout)
{
    public const int Perspectives = 3;

    public async Task<LegitStats> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var count = (int)Math.Ceiling(duration.TotalSeconds * rate);
        var running = new List<Task<LegitOutcome>>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            var group = i / Perspectives;
            var due = TimeSpan.FromSeconds(group * Perspectives / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            var request = mix[group % mix.Count];
            running.Add(Task.Run(() => SendAsync(request, cancellationToken), CancellationToken.None));
        }
        return new LegitStats(await Task.WhenAll(running));
    }

    private async Task<LegitOutcome> SendAsync(LegitRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        string? failure;
        try
        {
            using var socket = await SourceSocket.ConnectAsync(source, target, limit.Token);
            await socket.SendAsync(request.Bytes, SocketFlags.None, limit.Token);
            failure = Check(request, await new ResponseReader(socket).ReadAsync(limit.Token));
        }
        catch (OperationCanceledException)
        {
            failure = cancellationToken.IsCancellationRequested ? "cancelled" : "timeout";
        }
        catch (SocketException e)
        {
            failure = e.SocketErrorCode.ToString();
        }
        return new LegitOutcome(request.Kind, clock.Elapsed.TotalMilliseconds, failure);
    }

    private static string? Check(LegitRequest request, RawResponse? response)
    {
        if (response is null)
        {
            return "no answer";
        }
        if (response.Status != request.Status)
        {
            return $"status {response.Status}";
        }
        if (request.Body is not null && Encoding.ASCII.GetString(response.Body) != request.Body)
        {
            return "wrong body";
        }
        if (request.Location is not null && response.Location != request.Location)
        {
            return "wrong Location";
        }
        return null;
    }
}
