using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace LbAcme.LocalEnvironment;

/// <summary>One TLS handshake with SNI, accepting any certificate but keeping it: which certificate does the server serve?</summary>
public static class TlsProbe
{
    public static async Task<X509Certificate2> ServedCertificateAsync(IPEndPoint endpoint, string serverName, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        using var client = new TcpClient(endpoint.AddressFamily);
        await client.ConnectAsync(endpoint, cts.Token);
        X509Certificate2? served = null;
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
#pragma warning disable CA5359 // the probe's job is to see whatever the server presents, trusted or not (e.g. self-signed)
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            // A resumed session presents no certificate and .NET reports the one of the session it resumed, so a probe
            // after a hot swap could "see" the previous certificate: every probe is a full handshake.
            AllowTlsResume = false,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return true;
            },
        }, cts.Token);
#pragma warning restore CA5359
        return served ?? throw new InvalidOperationException($"{endpoint} completed a handshake without a certificate");
    }

    /// <summary>The serial the server presents now (upper-case hex, as X509Certificate2.SerialNumber).</summary>
    public static async Task<string> ServedSerialAsync(IPEndPoint endpoint, string serverName)
    {
        using var certificate = await ServedCertificateAsync(endpoint, serverName);
        return certificate.SerialNumber;
    }
}
