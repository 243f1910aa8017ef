using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LbAcme.Core.Store;

namespace LbAcme.Certificates.Blob;

/// <summary>
/// The certificate store contract on a Blob container, so the whole loop runs on Azurite: one blob
/// "{name}.pem" holding the bundle, tags in its metadata (URL-escaped: metadata is ASCII), ETag as version.
/// Reads are capped at <see cref="StoreReadLimits.MaxCertificateBytes"/> before the content is transferred; a
/// larger blob throws <see cref="StoredObjectTooLargeException"/>.
/// </summary>
public sealed class BlobCertificateStore : ICertificateStore
{
    private readonly BlobContainerClient _container;

    public BlobCertificateStore(BlobContainerClient container) => _container = container;

    public async Task<StoredCertificateInfo?> GetInfoAsync(string name, CancellationToken cancellationToken)
    {
        return (await GetAsync(name, cancellationToken))?.Info();
    }

    public async Task<StoredCertificate?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(name));
        var read = await CappedBlobReader.ReadAsync(blob, StoreReadLimits.MaxCertificateBytes, cancellationToken);
        return read.Kind switch
        {
            CappedReadKind.Missing => null,
            CappedReadKind.TooLarge => throw new StoredObjectTooLargeException(name, read.Size, StoreReadLimits.MaxCertificateBytes, read.ETag),
            _ => new StoredCertificate(name, read.ETag, Encoding.UTF8.GetString(read.Content), Unescape(read.Metadata)),
        };
    }

    public async Task<StoredCertificateInfo> ImportAsync(string name, CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(tags);
        var blob = _container.GetBlobClient(BlobName(name));
        var options = new BlobUploadOptions
        {
            Metadata = tags.ToDictionary(t => t.Key, t => Uri.EscapeDataString(t.Value)),
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-pem-file" },
        };
        var uploaded = await blob.UploadAsync(BinaryData.FromString(bundle.ToPem()), options, cancellationToken);
        var leaf = X509CertificateLoader.LoadCertificate(bundle.Leaf.RawData);
        return new StoredCertificateInfo(name, uploaded.Value.ETag.ToString(), leaf, new Dictionary<string, string>(tags));
    }

    private static string BlobName(string name) => CertificateName.Validate(name) + ".pem";

    private static Dictionary<string, string> Unescape(IReadOnlyDictionary<string, string> metadata) =>
        metadata.ToDictionary(m => m.Key, m => Uri.UnescapeDataString(m.Value), StringComparer.OrdinalIgnoreCase);
}
