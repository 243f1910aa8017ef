using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Connections from one source that are opened and then left silent, as an attacker holding slots would; closed
/// on dispose. How many the kernel let connect says nothing about how many the sidecar kept.
/// </summary>
internal sealed class IdleConnections : IDisposable
{
    private readonly List<Socket> _sockets;

    private IdleConnections(List<Socket> sockets) => _sockets = sockets;

    public int Connected => _sockets.Count;

    public static async Task<IdleConnections> OpenAsync(IPAddress source, IPEndPoint target, int count)
    {
        var sockets = new List<Socket>(count);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = deadline.Token }, async (_, ct) =>
        {
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(target, ct);
                lock (sockets)
                {
                    sockets.Add(socket);
                }
            }
            catch (SocketException)
            {
                socket.Dispose(); // a full accept queue: the attack goes on with the others
            }
        });
        return new IdleConnections(sockets);
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
