using Azure;
using Azure.Security.KeyVault.Secrets;

namespace LbAcme.Certificates.KeyVault;

/// <summary>
/// The fleet's ACME account key as a Key Vault secret (PEM). A cleared key is an empty latest version (a deleted
/// secret would keep its name until purged): it reads as none, and the earlier versions stay in the vault's history.
/// </summary>
public sealed class KeyVaultAccountKeyStore : IAccountKeyStore
{
    private readonly SecretClient _secrets;

    public KeyVaultAccountKeyStore(SecretClient secrets) => _secrets = secrets;

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        CertificateName.Validate(name);
        try
        {
            var value = (await _secrets.GetSecretAsync(name, version: null, cancellationToken)).Value.Value;
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> GetOrAddAsync(string name, string pkcs8Pem, CancellationToken cancellationToken)
    {
        if (await GetAsync(name, cancellationToken) is { } existing)
        {
            return existing;
        }
        // Key Vault has no create-if-absent; a concurrent first run may overwrite. Reading back after the
        // write makes both racers continue with whichever key the vault kept.
        var secret = new KeyVaultSecret(name, pkcs8Pem) { Properties = { ContentType = SecretValue.PemContentType } };
        await _secrets.SetSecretAsync(secret, cancellationToken);
        return await GetAsync(name, cancellationToken) ?? pkcs8Pem;
    }

    public async Task SetAsync(string name, string? pkcs8Pem, CancellationToken cancellationToken)
    {
        CertificateName.Validate(name);
        // Key Vault refuses an empty secret value; one space is "cleared" (GetAsync trims it to none).
        var secret = new KeyVaultSecret(name, string.IsNullOrEmpty(pkcs8Pem) ? " " : pkcs8Pem) { Properties = { ContentType = SecretValue.PemContentType } };
        await _secrets.SetSecretAsync(secret, cancellationToken);
    }
}
