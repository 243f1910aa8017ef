using System.Net.Sockets;
using System.Text;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>
/// What systemd would receive: a unix datagram socket a sidecar is pointed at with NOTIFY_SOCKET, keeping every
/// message (each a few KEY=value lines) in arrival order.
/// </summary>
internal sealed class NotifySocket : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string _directory = Directory.CreateTempSubdirectory("lbacme-notify-").FullName;
    private readonly List<string> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public NotifySocket()
    {
        Path = System.IO.Path.Combine(_directory, "notify.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiving = ReceiveAsync();
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Messages that carry <paramref name="line"/> (e.g. READY=1) as one of their lines.</summary>
    public int Count(string line) => Messages.Count(m => m.Split('\n').Contains(line));

    /// <summary>Waits until <paramref name="line"/> has been received <paramref name="times"/> times; false at the timeout.</summary>
    public async Task<bool> WaitForAsync(string line, int times, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Count(line) < times)
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                lock (_messages)
                {
                    _messages.Add(Encoding.UTF8.GetString(buffer, 0, read));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // disposed
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
