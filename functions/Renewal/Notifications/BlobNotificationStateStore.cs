using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// notifications/state.json in the shared store, with optimistic concurrency: the version is the blob's ETag, a write
/// carries If-Match (If-None-Match: * for the first), and a lost race (412, or 409 for a blob created meanwhile) is
/// the answer false, not an exception.
/// </summary>
public sealed class BlobNotificationStateStore(BlobContainerClient container) : INotificationStateStore
{
    private BlobClient Blob => container.GetBlobClient(StoreLayout.NotificationState);

    public async Task<(NotificationStateDocument Document, string? Version)> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = (await Blob.DownloadContentAsync(cancellationToken)).Value;
            var document = JsonSerializer.Deserialize(content.Content.ToMemory().Span, NotificationJson.Default.NotificationStateDocument)
                ?? throw new JsonException($"{StoreLayout.NotificationState} holds no notification state");
            return (document, content.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (new NotificationStateDocument(), null);
        }
    }

    public async Task<bool> TryWriteAsync(NotificationStateDocument document, string? version, CancellationToken cancellationToken)
    {
        var conditions = version is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(version) };
        var body = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(document, NotificationJson.Default.NotificationStateDocument));
        try
        {
            await Blob.UploadAsync(body, new BlobUploadOptions { Conditions = conditions }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
