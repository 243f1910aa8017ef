using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// Budget documents as JSON blobs, versioned by ETag: a write carries If-Match (If-None-Match: * for a new blob), and
/// a 412 (or 409 for a blob created meanwhile) means another writer came first.
/// </summary>
public sealed class BlobBudgetDocuments(BlobContainerClient container) : IBudgetDocuments
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(T? Document, string? Version)> ReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = (await container.GetBlobClient(path).DownloadContentAsync(cancellationToken)).Value;
            var document = JsonSerializer.Deserialize<T>(content.Content.ToMemory().Span, Json) ?? throw new JsonException($"{path} holds no budget");
            return (document, content.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
    }

    public async Task<bool> TryWriteAsync<T>(string path, T document, string? version, CancellationToken cancellationToken)
        where T : class
    {
        var conditions = version is { } known ? new BlobRequestConditions { IfMatch = new ETag(known) } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await container.GetBlobClient(path).UploadAsync(BinaryData.FromObjectAsJson(document, Json), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
