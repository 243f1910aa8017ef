using Azure.Core;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using LbAcme.Certificates.Blob;
using LbAcme.Certificates.KeyVault;

namespace LbAcme.Certificates.Stores;

/// <summary>
/// The one place certificate and account-key stores are made, for the renewal function and the sidecar alike:
/// "blob" (a container) or "keyvault" (a vault through <see cref="KeyVaultConnection"/>).
/// </summary>
public static class CertificateStores
{
    public const string Blob = "blob";

    public const string KeyVault = "keyvault";

    /// <summary>The sidecar only: the certificate's secret read through the LB's Dapr sidecar (a Dapr secret store component).</summary>
    public const string Dapr = "dapr";

    public static ICertificateStore Certificates(BlobContainerClient container) => new BlobCertificateStore(container);

    public static ICertificateStore Certificates(KeyVaultConnection vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        return new KeyVaultCertificateStore(
            new CertificateClient(vault.VaultUri, vault.Credential, Configure(new CertificateClientOptions { DisableChallengeResourceVerification = !vault.VerifyChallengeResource }, vault)),
            Secrets(vault));
    }

    public static IAccountKeyStore AccountKeys(BlobContainerClient container) => new BlobAccountKeyStore(container);

    public static IAccountKeyStore AccountKeys(KeyVaultConnection vault) => new KeyVaultAccountKeyStore(Secrets(vault));

    private static SecretClient Secrets(KeyVaultConnection vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        return new SecretClient(vault.VaultUri, vault.Credential, Configure(new SecretClientOptions { DisableChallengeResourceVerification = !vault.VerifyChallengeResource }, vault));
    }

    private static T Configure<T>(T options, KeyVaultConnection vault)
        where T : ClientOptions
    {
        vault.Configure?.Invoke(options);
        return options;
    }
}
