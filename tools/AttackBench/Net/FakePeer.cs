using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LbAcme.AttackBench.Net;

/// <summary>
/// Something else on an LB's peer port. Each request's line goes to <c>answer</c>: the bytes it returns are sent at
/// once, null leaves the request (and its connection) hanging for good. At most <see cref="MaxConnections"/>
/// connections are kept; it runs until disposed.
/// </summary>
internal sealed class FakePeer : IAsyncDisposable
{
    public const int MaxConnections = 20_000;
    private const int MaxRequestBytes = 16 * 1024;
    private readonly Socket _listener;
    private readonly Func<string, byte[]?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _connections = [];
    private readonly Task _accepting;
    private long _accepted;
    private long _answered;
    private long _hung;

    private FakePeer(IPEndPoint at, Func<string, byte[]?> answer)
    {
        _answer = answer;
        _listener = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(at);
        _listener.Listen(4096);
        _accepting = Task.Run(AcceptAllAsync);
    }

    /// <summary>Never answers a request whose line contains <paramref name="hangOn"/>; anything else (a health probe) gets a 404 at once.</summary>
    public static FakePeer Hanging(IPEndPoint at, string hangOn)
    {
        var notFound = Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        return new(at, line => line.Contains(hangOn, StringComparison.Ordinal) ? null : notFound);
    }

    /// <summary>Answers every request with 200 and <paramref name="body"/> as plain text.</summary>
    public static FakePeer Answering(IPEndPoint at, string body)
    {
        var ok = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        return new(at, _ => ok);
    }

    public string Summary =>
        $"fake peer: {Interlocked.Read(ref _accepted)} connections, {Interlocked.Read(ref _answered)} requests answered, {Interlocked.Read(ref _hung)} left hanging";

    private async Task AcceptAllAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                if (_connections.Count >= MaxConnections)
                {
                    connection.Dispose();
                    continue;
                }
                _connections.Add(connection);
            }
            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    /// <summary>Requests end at their blank line (peers send GETs without bodies); a request left hanging ends the reading too.</summary>
    private async Task ServeAsync(Socket connection)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        try
        {
            int n;
            while (length < buffer.Length && (n = await connection.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, _stop.Token)) > 0)
            {
                length += n;
                int end;
                while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) >= 0)
                {
                    var head = Encoding.ASCII.GetString(buffer, 0, end);
                    buffer.AsSpan(end + 4, length - end - 4).CopyTo(buffer);
                    length -= end + 4;
                    if (_answer(head.Split("\r\n")[0]) is not { } answer)
                    {
                        Interlocked.Increment(ref _hung);
                        return;
                    }
                    await connection.SendAsync(answer, SocketFlags.None, _stop.Token);
                    Interlocked.Increment(ref _answered);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The sidecar closed, or this fake is being disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
            _connections.Clear();
        }
    }
}
