using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Served;

namespace LbAcme.Renewal.Served;

/// <summary>
/// What one TLS handshake showed: the presented leaf and the certificates sent with it, the protocol, or why there was
/// none (<see cref="Failure"/> and a sentence). The certificates are copies the caller disposes.
/// </summary>
internal sealed record HandshakeResult(X509Certificate2? Leaf, IReadOnlyList<X509Certificate2> Intermediates, SslProtocols Protocol, ServedFailure? Failure, string? Error) : IDisposable
{
    public static HandshakeResult Failed(ServedFailure failure, string error) => new(null, [], SslProtocols.None, failure, error);

    public void Dispose()
    {
        Leaf?.Dispose();
        foreach (var certificate in Intermediates)
        {
            certificate.Dispose();
        }
    }
}

/// <summary>
/// One TCP connect and TLS handshake with SNI, accepting whatever certificate the server presents: the probe records,
/// it does not trust (the chain is checked afterwards against the fleet's roots). Bounded by <c>deadline</c>; an
/// expected network outcome (refused, unreachable, timed out, reset, a TLS alert) is a result, never an exception.
/// Only <c>cancellationToken</c> (the caller giving up) throws.
/// </summary>
internal static class TlsHandshake
{
    public static async Task<HandshakeResult> RunAsync(IPEndPoint endpoint, string serverName, CancellationToken deadline, CancellationToken cancellationToken)
    {
        X509Certificate2? leaf = null;
        List<X509Certificate2> sent = [];
        var connected = false;
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endpoint, deadline);
            connected = true;
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
#pragma warning disable CA5359 // the probe must see any certificate (self-signed, expired, another CA's) to report it
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    leaf = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    // On Linux the certificates the server sent beside the leaf are the chain's extra store.
                    sent = chain is null ? [] : [.. chain.ChainPolicy.ExtraStore.Where(c => leaf is null || !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                        .Select(c => X509CertificateLoader.LoadCertificate(c.RawData))];
                    return true;
                },
#pragma warning restore CA5359
            };
            await tls.AuthenticateAsClientAsync(options, deadline);
            return leaf is null
                ? Fail(ServedFailure.HandshakeFailed, "the handshake completed without a server certificate")
                : new HandshakeResult(leaf, sent, tls.SslProtocol, null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return connected
                ? Fail(ServedFailure.HandshakeTimeout, "timed out: TCP connected but no TLS handshake completed")
                : Fail(ServedFailure.ConnectTimeout, "timed out: no TCP connection");
        }
        catch (SocketException e)
        {
            return Fail(Classify(e.SocketErrorCode), $"{Describe(e.SocketErrorCode)} ({e.Message})");
        }
        catch (AuthenticationException e)
        {
            return Fail(ServedFailure.HandshakeFailed, $"TLS handshake failed: {Innermost(e)}");
        }
        catch (IOException e)
        {
            return Fail(ServedFailure.Closed, $"connection closed during the TLS handshake: {Innermost(e)}");
        }

        HandshakeResult Fail(ServedFailure failure, string error)
        {
            leaf?.Dispose();
            sent.ForEach(c => c.Dispose());
            return HandshakeResult.Failed(failure, error);
        }
    }

    private static ServedFailure Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ServedFailure.Refused,
        SocketError.TimedOut => ServedFailure.ConnectTimeout,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => ServedFailure.Closed,
        _ => ServedFailure.Unreachable,
    };

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused: nothing listens on the port",
        SocketError.TimedOut => "timed out: no TCP connection",
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "connection reset",
        _ => "unreachable",
    };

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }
        return e.Message.Split('\n', 2)[0].Trim();
    }
}
