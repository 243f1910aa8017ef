using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Connections that are opened and then left silent (or with a request head half sent), as an attacker holding slots
/// would; closed on dispose. How many the kernel let connect says nothing about how many the sidecar kept.
/// </summary>
internal sealed class IdleConnections : IDisposable
{
    private readonly List<Socket> _sockets;

    private IdleConnections(List<Socket> sockets) => _sockets = sockets;

    public int Connected => _sockets.Count;

    public static Task<IdleConnections> OpenAsync(IPAddress source, IPEndPoint target, int count) => OpenAsync(_ => source, target, count, []);

    /// <summary>Connection <c>i</c> comes from <paramref name="source"/>(i) and sends <paramref name="head"/> first.</summary>
    public static async Task<IdleConnections> OpenAsync(Func<int, IPAddress> source, IPEndPoint target, int count, byte[] head)
    {
        var sockets = new List<Socket>(count);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = deadline.Token }, async (i, ct) =>
        {
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source(i), 0));
                await socket.ConnectAsync(target, ct);
                if (head.Length > 0)
                {
                    await socket.SendAsync(head, ct);
                }
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
