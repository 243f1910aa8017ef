using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// Budgets as budgets/{sha256 of the names}.json in the shared store, changed with optimistic concurrency: read with
/// its ETag, decide, write only if the ETag still matches (If-None-Match: * for a new blob). A writer that lost the
/// race (412, or 409 for a blob created meanwhile) reads again and decides again, so the last slot goes to one.
/// </summary>
public sealed class BlobIssuanceBudgets(BlobContainerClient container) : IIssuanceBudgets
{
    /// <summary>Attempts per change; each lost race means another writer succeeded, so this only runs out under a crowd.</summary>
    public const int MaxAttempts = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyCollection<BudgetReservation>> GetReservationsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (document, _) = await ReadAsync(Blob(names), names, cancellationToken);
        return document.LiveAt(now);
    }

    public Task<ReservationAnswer> TryReserveAsync(IReadOnlyCollection<string> names, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken) =>
        ChangeAsync(names, document =>
        {
            var changed = document.TryReserve(lb, now, stagger, out var reservation, out var nextAllowed);
            return (changed, new ReservationAnswer(reservation, nextAllowed));
        }, cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<string> names, BudgetReservation reservation, CancellationToken cancellationToken) =>
        ChangeAsync(names, document => (document.Without(reservation), true), cancellationToken);

    /// <summary>Read, decide (null: write nothing), conditional write; again from the read when another writer came first.</summary>
    private async Task<T> ChangeAsync<T>(IReadOnlyCollection<string> names, Func<BudgetDocument, (BudgetDocument? Changed, T Answer)> decide, CancellationToken cancellationToken)
    {
        var blob = Blob(names);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (document, etag) = await ReadAsync(blob, names, cancellationToken);
            var (changed, answer) = decide(document);
            if (changed is null)
            {
                return answer;
            }
            var conditions = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                await blob.UploadAsync(BinaryData.FromObjectAsJson(changed, Json), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
                return answer;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another invocation wrote in between: its write stands, ours is decided again on what it wrote.
            }
        }
        throw new BudgetContendedException(blob.Name, MaxAttempts);
    }

    private static async Task<(BudgetDocument Document, ETag? ETag)> ReadAsync(BlobClient blob, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken)).Value;
            var document = JsonSerializer.Deserialize<BudgetDocument>(content.Content.ToMemory().Span, Json)
                ?? throw new JsonException($"{blob.Name} holds no budget");
            return (document, content.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No counted issuance yet for this set. Nothing is seeded from the per-LB state the engine kept before.
            return (new BudgetDocument(names.Order(StringComparer.Ordinal).ToList(), []), null);
        }
    }

    private BlobClient Blob(IReadOnlyCollection<string> names) => container.GetBlobClient(StoreLayout.Budget(NameSet.Id(names)));
}
