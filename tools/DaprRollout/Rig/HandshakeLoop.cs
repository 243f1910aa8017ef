using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// A client that keeps asking HAProxy for a page over a fresh TLS connection each time (so every request is a full
/// handshake, the thing a certificate swap could break), counting successes and failures until stopped. A request
/// fails when the connection, the handshake or the answer (anything but HAProxy's 200 "ok") fails.
/// </summary>
public sealed class HandshakeLoop : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _handshakes;
    private long _failures;
    private string? _lastFailure;
    private int _disposed;

    private HandshakeLoop(IPEndPoint endpoint, string serverName, TimeSpan pause)
    {
        _loop = Task.Run(() => RunAsync(endpoint, serverName, pause, _stop.Token));
    }

    /// <summary>Requests that completed: handshake done and HAProxy's answer read.</summary>
    public long Handshakes => Interlocked.Read(ref _handshakes);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>What the last failed request saw, for the report.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Starts the loop: one request, then <paramref name="pause"/>, again.</summary>
    public static HandshakeLoop Start(IPEndPoint endpoint, string serverName, TimeSpan pause) => new(endpoint, serverName, pause);

    private async Task RunAsync(IPEndPoint endpoint, string serverName, TimeSpan pause, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RequestAsync(endpoint, serverName, stop);
                Interlocked.Increment(ref _handshakes);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or InvalidDataException)
            {
                Interlocked.Increment(ref _failures);
                Volatile.Write(ref _lastFailure, $"{DateTime.UtcNow:HH:mm:ss.fff} {e.GetType().Name}: {e.Message}");
            }
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task RequestAsync(IPEndPoint endpoint, string serverName, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient(endpoint.AddressFamily);
        await client.ConnectAsync(endpoint, timeout.Token);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
#pragma warning disable CA5359 // the rig's HAProxy serves the test issuer's certificates; the probe checks availability, not trust
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            // No session resumption: each request is a full handshake, which is what a certificate swap could break.
            AllowTlsResume = false,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, timeout.Token);
#pragma warning restore CA5359
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {serverName}\r\nConnection: close\r\n\r\n"), timeout.Token);
        using var reader = new StreamReader(tls, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync(timeout.Token);
        if (!answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || !answer.EndsWith("ok", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"HAProxy answered {answer.Split('\n')[0].TrimEnd()}");
        }
    }

    /// <summary>Stops the loop after the request in flight; the counts stay readable.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
