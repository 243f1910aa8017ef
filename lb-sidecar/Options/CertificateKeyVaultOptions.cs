namespace LbAcme.Sidecar.Options;

/// <summary>Where the Key Vault is; the sidecar authenticates with DefaultAzureCredential (the VM's managed identity).</summary>
public sealed class CertificateKeyVaultOptions
{
    /// <summary>The vault, e.g. https://lbacme-kv.vault.azure.net/. Required when <c>Store</c> is "keyvault".</summary>
    public Uri? Uri { get; set; }

    /// <summary>
    /// Optional PEM of an extra root CA to trust for the vault's TLS (a private endpoint with its own CA, or a
    /// local double). When set, the SDK also skips its check that the bearer challenge names a vault.azure.net
    /// resource, because such endpoints are not on that domain. Public vaults need neither.
    /// </summary>
    public string? TrustedRootPath { get; set; }
}
