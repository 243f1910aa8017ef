using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Status;

/// <summary>The timer's last firing as one small JSON blob, overwritten each time (only the latest matters).</summary>
public sealed class BlobTimerRunLog : ITimerRunLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BlobContainerClient _container;

    public BlobTimerRunLog(BlobContainerClient container) => _container = container;

    public async Task RecordAsync(TimerRun run, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(StoreLayout.LastTimerRun).UploadAsync(BinaryData.FromObjectAsJson(run, Json), overwrite: true, cancellationToken);

    public async Task<TimerRun?> GetLastAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = (await _container.GetBlobClient(StoreLayout.LastTimerRun).DownloadContentAsync(cancellationToken)).Value;
            return JsonSerializer.Deserialize<TimerRun>(content.Content.ToMemory().Span, Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            // A torn or foreign document says nothing about when the timer ran: treated as never, the flag then rests on the next firing.
            return null;
        }
    }
}
