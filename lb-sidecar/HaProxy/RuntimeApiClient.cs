using System.Net.Sockets;
using System.Text;

namespace LbAcme.Sidecar.HaProxy;

/// <summary>HAProxy could not be reached on its admin socket (missing, refused, not answering the connect): it is down or elsewhere.</summary>
internal sealed class RuntimeApiUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One Runtime API command per connection (HAProxy's non-interactive mode: it answers, then closes), over the
/// admin-level Unix socket. Answers are small text; reading stops at 64 KiB.
/// </summary>
internal sealed class RuntimeApiClient(string socketPath, TimeSpan timeout)
{
    private const int MaxAnswerBytes = 64 * 1024;

    public string SocketPath { get; } = socketPath;

    public async Task<string> SendAsync(string command, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), deadline.Token);
        }
        catch (SocketException e)
        {
            throw new RuntimeApiUnreachableException($"cannot connect to {SocketPath}: {e.SocketErrorCode}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RuntimeApiUnreachableException($"no connection to {SocketPath} within {timeout.TotalSeconds} s", e);
        }
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(command), SocketFlags.None, deadline.Token);
            socket.Shutdown(SocketShutdown.Send);
            return await ReadToEndAsync(socket, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"HAProxy did not answer on {SocketPath} within {timeout.TotalSeconds} s", e);
        }
    }

    private static async Task<string> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        while (answer.Length < MaxAnswerBytes)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }
            answer.Write(buffer, 0, read);
        }
        return Encoding.ASCII.GetString(answer.GetBuffer(), 0, (int)answer.Length);
    }
}
