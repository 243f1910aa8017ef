using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Tests.Fakes;

/// <summary>A peer that accepts TCP connections and never answers: the worst case for a proxy's timeouts.</summary>
public sealed class BlackholePeer(IPEndPoint endpoint) : FakePeer(endpoint)
{
    private readonly List<Socket> _held = [];

    public int Accepted { get; private set; }

    protected override Task ServeAsync(Socket socket)
    {
        lock (_held)
        {
            _held.Add(socket); // held open, never read or written
            Accepted++;
        }
        return Task.CompletedTask;
    }

    protected override void OnStopped()
    {
        lock (_held)
        {
            foreach (var s in _held)
            {
                s.Dispose();
            }
        }
    }
}
