using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LbAcme.Core.Store;

/// <summary><see cref="IChallengeStore"/> on Azure Blob storage (or Azurite). Every call is bounded by <see cref="StoreOptions.RequestTimeout"/>.</summary>
public sealed class BlobChallengeStore(BlobContainerClient container, TimeSpan requestTimeout) : IChallengeStore
{
    private static readonly BinaryData EmptyMarker = BinaryData.FromString("");

    public async Task<string?> GetMarkerETagAsync(string lb, CancellationToken cancellationToken)
    {
        using var timeout = Bound(cancellationToken);
        try
        {
            var properties = await container.GetBlobClient(StoreLayout.ChallengeMarker(lb)).GetPropertiesAsync(cancellationToken: timeout.Token);
            return properties.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<StoredChallenge>> ListAsync(string lb, CancellationToken cancellationToken)
    {
        using var timeout = Bound(cancellationToken);
        var prefix = StoreLayout.ChallengePrefix(lb);
        var found = new List<StoredChallenge>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, timeout.Token))
        {
            var token = blob.Name[prefix.Length..];
            if (token.Length > 0 && token != StoreLayout.MarkerName && !token.Contains('/', StringComparison.Ordinal))
            {
                found.Add(new StoredChallenge(token, blob.Properties.ETag?.ToString() ?? "", blob.Properties.ContentLength ?? 0));
            }
        }
        return found;
    }

    public async Task<CappedRead> ReadAsync(string lb, string token, CancellationToken cancellationToken)
    {
        using var timeout = Bound(cancellationToken);
        return await CappedBlobReader.ReadAsync(container.GetBlobClient(StoreLayout.Challenge(lb, token)), StoreReadLimits.MaxChallengeBytes, timeout.Token);
    }

    public async Task PutAsync(string lb, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        using var timeout = Bound(cancellationToken);
        await container.GetBlobClient(StoreLayout.Challenge(lb, token))
            .UploadAsync(BinaryData.FromString(keyAuthorization), overwrite: true, timeout.Token);
    }

    public async Task DeleteAsync(string lb, string token, CancellationToken cancellationToken)
    {
        using var timeout = Bound(cancellationToken);
        await container.GetBlobClient(StoreLayout.Challenge(lb, token))
            .DeleteIfExistsAsync(cancellationToken: timeout.Token);
    }

    public async Task TouchMarkerAsync(string lb, CancellationToken cancellationToken)
    {
        using var timeout = Bound(cancellationToken);
        await container.GetBlobClient(StoreLayout.ChallengeMarker(lb)).UploadAsync(EmptyMarker, overwrite: true, timeout.Token);
    }

    private CancellationTokenSource Bound(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(requestTimeout);
        return cts;
    }
}
