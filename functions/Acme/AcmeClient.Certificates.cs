using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Certificates;
using LbAcme.Acme.Http;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;

namespace LbAcme.Acme;

public sealed partial class AcmeClient
{
    private static readonly IReadOnlySet<string> ValidOnly = new HashSet<string> { AcmeStatus.Valid };

    /// <summary>
    /// Finalizes a ready order with a CSR from a fresh key of <paramref name="keyType"/>, waits for the
    /// certificate and downloads it; the leaf is checked to carry the fresh key.
    /// </summary>
    public async Task<IssuedCertificate> FinalizeAndDownloadAsync(AcmeAccount account, AcmeOrder readyOrder, KeyType keyType, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readyOrder);
        var key = AcmeKey.Create(keyType);
        try
        {
            var names = readyOrder.Resource.Identifiers.Select(i => i.Value).ToList();
            var finalized = await FinalizeAsync(account, readyOrder, key.CreateCsr(names), cancellationToken);
            var valid = await WaitForOrderAsync(account, finalized, ValidOnly, deadline, cancellationToken);
            var certificateUrl = valid.Resource.Certificate!;
            var downloaded = await DownloadCertificateAsync(account, certificateUrl, cancellationToken);
            if (!downloaded.Chain.Leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                downloaded.Chain.Dispose();
                throw new AcmeProtocolException("The issued certificate does not carry the key of our CSR.", certificateUrl);
            }
            LogIssued(_logger, valid.Location, downloaded.Chain.Leaf.SerialNumber, downloaded.Chain.Leaf.NotAfter);
            return new IssuedCertificate(key, downloaded.Chain, valid.Location, certificateUrl, downloaded.AlternateChainUrls);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>RFC 8555 §7.4.2: POST-as-GET the certificate URL as a PEM chain; Link rel="alternate" lists other chains.</summary>
    public async Task<DownloadedChain> DownloadCertificateAsync(AcmeAccount account, Uri certificateUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificateUrl);
        var response = await PostAsGetAsync(account, certificateUrl, cancellationToken, AcmeTransport.PemChainContentType);
        CertificateChain chain;
        try
        {
            chain = CertificateChain.Parse(response.BodyText);
        }
        catch (FormatException e)
        {
            throw new AcmeProtocolException($"The certificate chain is unusable: {e.Message}", certificateUrl, (int)response.StatusCode, e);
        }
        var alternates = response.Links.Where(l => l.Rel == "alternate").Select(l => l.Target).ToList();
        return new DownloadedChain(chain, alternates);
    }

    /// <summary>RFC 8555 §7.6: revokes with the account that ordered the certificate.</summary>
    public async Task RevokeCertificateAsync(AcmeAccount account, X509Certificate2 certificate, RevocationReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(certificate);
        var url = (await GetDirectoryAsync(cancellationToken)).RevokeCert!;
        await PostAsAccountAsync(account, url, RevocationPayload(certificate, reason), cancellationToken);
        LogRevoked(_logger, certificate.SerialNumber, "account key");
    }

    /// <summary>RFC 8555 §7.6: revokes by proving possession of the certificate's own key (JWS with its jwk).</summary>
    public async Task RevokeCertificateWithKeyAsync(AcmeKey certificateKey, X509Certificate2 certificate, RevocationReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificateKey);
        ArgumentNullException.ThrowIfNull(certificate);
        var url = (await GetDirectoryAsync(cancellationToken)).RevokeCert!;
        var payload = Serialize(RevocationPayload(certificate, reason));
        await _transport.PostAsync(url, nonce => Jws.Sign(certificateKey, accountUrl: null, nonce, url, payload), "application/json", cancellationToken);
        LogRevoked(_logger, certificate.SerialNumber, "certificate key");
    }

    private static Dictionary<string, object> RevocationPayload(X509Certificate2 certificate, RevocationReason reason) => new()
    {
        ["certificate"] = Base64Url.Encode(certificate.RawData),
        ["reason"] = (int)reason,
    };
}
