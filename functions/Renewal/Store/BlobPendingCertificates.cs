using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Store;

/// <summary>
/// <see cref="IPendingCertificates"/> as one JSON blob per subject (LB and certificate) under pending/. The LBs' identities cannot read it: their
/// read access is conditioned to challenges/{lb}/ (infra/modules/lb-access.bicep), and pending/ is outside that.
/// </summary>
public sealed class BlobPendingCertificates(BlobContainerClient container) : IPendingCertificates
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SaveAsync(string subject, PendingCertificate pending, CancellationToken cancellationToken) =>
        await container.GetBlobClient(StoreLayout.Pending(subject)).UploadAsync(BinaryData.FromObjectAsJson(pending, Json), overwrite: true, cancellationToken);

    public async Task<PendingCertificate?> GetAsync(string subject, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await container.GetBlobClient(StoreLayout.Pending(subject)).DownloadContentAsync(cancellationToken)).Value;
            return JsonSerializer.Deserialize<PendingCertificate>(content.Content.ToMemory().Span, Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string subject, CancellationToken cancellationToken) =>
        await container.GetBlobClient(StoreLayout.Pending(subject)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
}
