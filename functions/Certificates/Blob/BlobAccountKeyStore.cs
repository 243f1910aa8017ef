using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LbAcme.Certificates.Blob;

/// <summary>
/// The fleet's ACME account key as a blob "accounts/{name}.pem", created only if absent (If-None-Match: *). An empty
/// blob is a cleared key (<see cref="IAccountKeyStore.SetAsync"/> with null) and reads as none.
/// </summary>
public sealed class BlobAccountKeyStore : IAccountKeyStore
{
    private readonly BlobContainerClient _container;

    public BlobAccountKeyStore(BlobContainerClient container) => _container = container;

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await ReadAsync(name, cancellationToken)).Pem;

    public async Task<string> GetOrAddAsync(string name, string pkcs8Pem, CancellationToken cancellationToken)
    {
        // Absent: create only if still absent. Cleared (empty): replace only that empty version (If-Match), so two
        // racers after a deactivation still agree on one key.
        var (existing, etag) = await ReadAsync(name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        try
        {
            var conditions = etag is { } cleared ? new BlobRequestConditions { IfMatch = cleared } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            await Blob(name).UploadAsync(BinaryData.FromString(pkcs8Pem), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
            return pkcs8Pem;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await GetAsync(name, cancellationToken) ?? throw new InvalidOperationException($"Account key {name} exists but cannot be read.", e);
        }
    }

    public async Task SetAsync(string name, string? pkcs8Pem, CancellationToken cancellationToken) =>
        await Blob(name).UploadAsync(BinaryData.FromString(pkcs8Pem ?? string.Empty), overwrite: true, cancellationToken);

    /// <summary>The key (null when absent or cleared) and, for a cleared blob, its ETag.</summary>
    private async Task<(string? Pem, ETag? ClearedTag)> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await Blob(name).DownloadContentAsync(cancellationToken)).Value;
            var text = content.Content.ToString();
            return string.IsNullOrWhiteSpace(text) ? (null, content.Details.ETag) : (text, null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
    }

    private BlobClient Blob(string name) => _container.GetBlobClient($"accounts/{CertificateName.Validate(name)}.pem");
}
