using Azure.Storage.Blobs;
using LbAcme.LocalEnvironment;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// A real Azurite with the shared store (status/{lb}) and the certificate container the renewal engine's Blob store
/// writes, and the command line of a sidecar syncing from it: what every certificate sync fixture starts from.
/// </summary>
public sealed class CertificateSyncStore : IAsyncDisposable
{
    private CertificateSyncStore(AzuriteFixture azurite)
    {
        Azurite = azurite;
        Shared = new BlobContainerClient(azurite.ConnectionString, CertificateSyncEnvironment.SharedContainer);
        Certificates = new BlobContainerClient(azurite.ConnectionString, CertificateSyncEnvironment.CertificateContainer);
    }

    public AzuriteFixture Azurite { get; }

    public BlobContainerClient Shared { get; }

    public BlobContainerClient Certificates { get; }

    public static async Task<CertificateSyncStore> StartAsync()
    {
        var store = new CertificateSyncStore(await AzuriteFixture.StartAsync());
        await store.Shared.CreateIfNotExistsAsync();
        await store.Certificates.CreateIfNotExistsAsync();
        return store;
    }

    /// <summary>Puts raw PEM text where the renewal engine's Blob store puts "lbacme-{lb}"; returns the blob's ETag (the store version).</summary>
    public async Task<string> PutCertificateAsync(string lb, string pem)
    {
        var uploaded = await Certificates.GetBlobClient($"lbacme-{lb}.pem").UploadAsync(BinaryData.FromString(pem), overwrite: true);
        return uploaded.Value.ETag.ToString();
    }

    /// <summary>
    /// Sidecar arguments for certificate sync from the store behind <paramref name="connectionString"/> into
    /// <paramref name="pemPath"/>, with short rounds (<paramref name="interval"/>, retries from 0.2 s up to 1.6 s).
    /// </summary>
    public static string[] SyncArguments(string connectionString, string webroot, string pemPath, string socket, string reload, string trustedRootsPath, string interval) =>
    [
        $"--Sidecar:Store:ConnectionString={connectionString}",
        $"--Sidecar:Store:Container={CertificateSyncEnvironment.SharedContainer}",
        $"--Sidecar:Webroot={webroot}",
        "--Sidecar:CertificateSync:Enabled=true",
        $"--Sidecar:CertificateSync:Interval={interval}",
        "--Sidecar:CertificateSync:RetryDelay=00:00:00.200",
        "--Sidecar:CertificateSync:MaxBackoff=00:00:01.600",
        "--Sidecar:CertificateSync:RequestTimeout=00:00:05",
        $"--Sidecar:CertificateSync:PemPath={pemPath}",
        $"--Fleet:HaProxy:RuntimeSocket={socket}",
        $"--Fleet:HaProxy:ReloadCommand={reload}",
        $"--Fleet:TrustedRoots:Path={trustedRootsPath}",
    ];

    public ValueTask DisposeAsync() => Azurite.DisposeAsync();
}
