using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;

namespace LbAcme.Certificates.KeyVault;

/// <summary>
/// Certificates in Azure Key Vault: imported with key and full chain as PEM (exportable, so the LB can read
/// it back as the secret of the same name), tagged; info through the certificate API (no key), the bundle
/// through the secret API (what an LB's identity is allowed to read, for its own certificate only).
/// </summary>
public sealed class KeyVaultCertificateStore : ICertificateStore
{
    private readonly CertificateClient _certificates;
    private readonly SecretClient _secrets;

    public KeyVaultCertificateStore(CertificateClient certificates, SecretClient secrets)
    {
        _certificates = certificates;
        _secrets = secrets;
    }

    public async Task<StoredCertificateInfo?> GetInfoAsync(string name, CancellationToken cancellationToken)
    {
        CertificateName.Validate(name);
        try
        {
            var response = await _certificates.GetCertificateAsync(name, cancellationToken);
            var certificate = response.Value;
            return new StoredCertificateInfo(name, certificate.Properties.Version, X509CertificateLoader.LoadCertificate(certificate.Cer), Copy(certificate.Properties.Tags));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<StoredCertificate?> GetAsync(string name, CancellationToken cancellationToken)
    {
        CertificateName.Validate(name);
        try
        {
            var secret = (await _secrets.GetSecretAsync(name, version: null, cancellationToken)).Value;
            var pem = SecretValue.ToPem(secret.Value, secret.Properties.ContentType);
            return new StoredCertificate(name, secret.Properties.Version, pem, Copy(secret.Properties.Tags));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<StoredCertificateInfo> ImportAsync(string name, CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        CertificateName.Validate(name);
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(tags);
        var policy = ImportPolicy.For(bundle.Leaf, bundle.Key.KeyType);
        var options = new ImportCertificateOptions(name, Encoding.ASCII.GetBytes(bundle.ToPem())) { Policy = policy, Enabled = true };
        foreach (var (key, value) in tags)
        {
            options.Tags[key] = value;
        }
        var imported = (await _certificates.ImportCertificateAsync(options, cancellationToken)).Value;
        return new StoredCertificateInfo(name, imported.Properties.Version, X509CertificateLoader.LoadCertificate(imported.Cer), Copy(imported.Properties.Tags));
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string> tags) => new(tags);
}
