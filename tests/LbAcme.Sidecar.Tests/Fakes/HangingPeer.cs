using System.Net;
using System.Net.Sockets;
using System.Text;
using LbAcme.Core.Challenges;
using LbAcme.Sidecar.Peers;

namespace LbAcme.Sidecar.Tests.Fakes;

/// <summary>
/// A peer that answers the sidecar's health probe (so it stays in rotation) and hangs on every challenge request
/// until the asker gives up and closes the connection: the peer that holds a fan-out for the whole read timeout.
/// Counts the challenge requests it is holding.
/// </summary>
public sealed class HangingPeer(IPEndPoint endpoint) : FakePeer(endpoint)
{
    private static readonly string ProbePath = ChallengeToken.PathOf(PeerProber.ProbeToken);
    private int _holding;

    /// <summary>Challenge requests held right now.</summary>
    public int Holding => Volatile.Read(ref _holding);

    protected override async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                // A request this small arrives in one segment; its first line names the path.
                var buffer = new byte[4096];
                var n = await socket.ReceiveAsync(buffer, Stopping);
                if (Encoding.ASCII.GetString(buffer, 0, n).Contains(" " + ProbePath + " ", StringComparison.Ordinal))
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), Stopping);
                    return;
                }
                await HoldAsync(socket, buffer);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // the asker hung up, or we are stopping
            }
        }
    }

    private async Task HoldAsync(Socket socket, byte[] buffer)
    {
        Interlocked.Increment(ref _holding);
        try
        {
            while (await socket.ReceiveAsync(buffer, Stopping) > 0)
            {
                // never answer; wait for the asker to close
            }
        }
        finally
        {
            Interlocked.Decrement(ref _holding);
        }
    }
}
