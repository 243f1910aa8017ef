using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LbAcme.Certificates.Blob;

/// <summary>The fleet's ACME account key as a blob "accounts/{name}.pem", created only if absent (If-None-Match: *).</summary>
public sealed class BlobAccountKeyStore : IAccountKeyStore
{
    private readonly BlobContainerClient _container;

    public BlobAccountKeyStore(BlobContainerClient container) => _container = container;

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> GetOrAddAsync(string name, string pkcs8Pem, CancellationToken cancellationToken)
    {
        try
        {
            var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
            await Blob(name).UploadAsync(BinaryData.FromString(pkcs8Pem), options, cancellationToken);
            return pkcs8Pem;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await GetAsync(name, cancellationToken) ?? throw new InvalidOperationException($"Account key {name} exists but cannot be read.", e);
        }
    }

    private BlobClient Blob(string name) => _container.GetBlobClient($"accounts/{CertificateName.Validate(name)}.pem");
}
