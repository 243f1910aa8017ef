using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LbAcme.AttackBench.Net;

/// <summary>
/// <c>workers</c> kept-alive connections sending requests built by <c>request(n)</c> back to back (or, with
/// <c>ratePerSecond</c>, request n no earlier than n/rate seconds in), each reading its answer before the next.
/// A worker whose connection ends reconnects. Bounded by <c>maxRequests</c> as well as by time.
/// </summary>
internal sealed class RequestFlood(IReadOnlyList<IPAddress> sources, IPEndPoint target, int workers, Func<long, byte[]> request, long maxRequests, double? ratePerSecond = null)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private long _next;
    private long _noAnswer;
    private long _cutOff;
    private long _connects;
    private long _connectFailures;

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(sources[w % sources.Count], clock, stop.Token), CancellationToken.None)));
    }

    public string Summary
    {
        get
        {
            var sent = Math.Min(Interlocked.Read(ref _next), maxRequests);
            var statuses = string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
            return $"{workers} connections, {sent} requests: {(statuses.Length == 0 ? "no answers" : statuses)}, "
                + $"{Interlocked.Read(ref _noAnswer)} unanswered, {Interlocked.Read(ref _cutOff)} still waiting at the end, {Interlocked.Read(ref _connects)} connects ({Interlocked.Read(ref _connectFailures)} failed)";
        }
    }

    private async Task WorkAsync(IPAddress source, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                Interlocked.Increment(ref _connects);
                socket = await SourceSocket.ConnectAsync(source, target, stop);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _connectFailures);
                    await PauseAsync(stop);
                }
                continue;
            }
            using (socket)
            {
                if (!await ExchangeAllAsync(socket, clock, stop))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Requests on one connection until it ends (true: reconnect) or the run is over (false).</summary>
    private async Task<bool> ExchangeAllAsync(Socket socket, Stopwatch clock, CancellationToken stop)
    {
        var reader = new ResponseReader(socket);
        while (true)
        {
            var n = Interlocked.Increment(ref _next) - 1;
            if (n >= maxRequests)
            {
                return false;
            }
            var sent = false;
            try
            {
                if (ratePerSecond is { } rate && TimeSpan.FromSeconds(n / rate) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, stop);
                }
                await socket.SendAsync(request(n), SocketFlags.None, stop);
                sent = true;
                using var answer = CancellationTokenSource.CreateLinkedTokenSource(stop);
                answer.CancelAfter(AnswerTimeout);
                var response = await reader.ReadAsync(answer.Token);
                if (response is null)
                {
                    Interlocked.Increment(ref _noAnswer);
                    return !stop.IsCancellationRequested;
                }
                _statuses.AddOrUpdate(response.Status, 1, (_, c) => c + 1);
                if (response.Close)
                {
                    return !stop.IsCancellationRequested;
                }
            }
            catch (OperationCanceledException)
            {
                if (stop.IsCancellationRequested)
                {
                    Interlocked.Add(ref _cutOff, sent ? 1 : 0);
                    return false;
                }
                Interlocked.Increment(ref _noAnswer);
                return true;
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _noAnswer);
                await PauseAsync(stop);
                return !stop.IsCancellationRequested;
            }
        }
    }

    private static async Task PauseAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(ErrorPause, stop);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
