using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Served;

/// <summary>
/// The latest probe report as one JSON blob (<see cref="StoreLayout.ServedReport"/>), in the same source-generated
/// JSON the status serves. Reads are capped at <see cref="StoreReadLimits.MaxServedReportBytes"/> before the content
/// is transferred: a larger blob throws <see cref="StoredObjectTooLargeException"/>, one that is not a report
/// <see cref="InvalidDataException"/>. Every call is bounded by <see cref="Timeout"/>.
/// </summary>
public sealed class BlobServedReportStore(BlobContainerClient container) : IServedReportStore
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<ServedReport?> GetLatestAsync(CancellationToken cancellationToken)
    {
        using var timeout = Bound(cancellationToken);
        var read = await CappedBlobReader.ReadAsync(container.GetBlobClient(StoreLayout.ServedReport), StoreReadLimits.MaxServedReportBytes, timeout.Token);
        switch (read.Kind)
        {
            case CappedReadKind.Missing:
                return null;
            case CappedReadKind.TooLarge:
                throw new StoredObjectTooLargeException(StoreLayout.ServedReport, read.Size, StoreReadLimits.MaxServedReportBytes, read.ETag);
        }
        try
        {
            return JsonSerializer.Deserialize(read.Content, StatusJson.Default.ServedReport)
                ?? throw new InvalidDataException($"{StoreLayout.ServedReport} holds null, not a probe report");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{StoreLayout.ServedReport} is not a probe report: {e.Message}", e);
        }
    }

    public async Task SaveAsync(ServedReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var timeout = Bound(cancellationToken);
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(report, StatusJson.Default.ServedReport));
        await container.GetBlobClient(StoreLayout.ServedReport)
            .UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, timeout.Token);
    }

    private static CancellationTokenSource Bound(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        return timeout;
    }
}
