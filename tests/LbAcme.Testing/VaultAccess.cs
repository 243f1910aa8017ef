namespace LbAcme.Testing;

/// <summary>
/// The Key Vault double as a process outside the test reaches a real vault: by a name under vault.azure.net
/// (through <see cref="VaultProxy"/>), trusted like a public CA (SSL_CERT_FILE: the system's roots plus the double's),
/// with a managed identity's token endpoint. Start the process with <see cref="Environment"/>.
/// </summary>
public sealed class VaultAccess : IAsyncDisposable
{
    public const string HostName = "lbacme-kv.vault.azure.net";

    private VaultAccess(KeyVaultDouble vault, VaultProxy proxy, ManagedIdentityDouble identity, IReadOnlyDictionary<string, string> environment)
    {
        Vault = vault;
        Proxy = proxy;
        Identity = identity;
        Environment = environment;
    }

    public KeyVaultDouble Vault { get; }

    public VaultProxy Proxy { get; }

    public ManagedIdentityDouble Identity { get; }

    /// <summary>What the vault's URL is to the process: https://lbacme-kv.vault.azure.net/.</summary>
    public Uri VaultUri => Vault.PublicUri;

    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<VaultAccess> StartAsync(string scratchDirectory)
    {
        var vault = await KeyVaultDouble.StartAsync(publicHostName: HostName);
        var proxy = new VaultProxy(vault);
        var identity = await ManagedIdentityDouble.StartAsync();
        var roots = Path.Combine(scratchDirectory, "trusted-roots.pem");
        const string system = "/etc/ssl/certs/ca-certificates.crt";
        await File.WriteAllTextAsync(roots, (File.Exists(system) ? await File.ReadAllTextAsync(system) : "") + "\n" + vault.Pki.Ca.ExportCertificatePem() + "\n");
        var environment = new Dictionary<string, string>(identity.Environment) { ["SSL_CERT_FILE"] = roots };
        foreach (var (key, value) in proxy.Environment)
        {
            environment[key] = value;
        }
        return new VaultAccess(vault, proxy, identity, environment);
    }

    public async ValueTask DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Proxy.DisposeAsync();
        await Vault.DisposeAsync();
    }
}
