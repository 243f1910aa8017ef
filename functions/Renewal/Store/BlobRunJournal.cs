using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using LbAcme.Core.Status;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Store;

/// <summary>
/// The journal as JSON blobs: runs/{subject}/{start:yyyyMMddTHHmmss}-{runId}.json per attempt (sortable by
/// name), runs/state/{subject}.json for the engine's memory, and the sidecar's status/{lb}. The subject is
/// <see cref="Subjects.Of(LbState)"/>: "{lb}" for the default certificate, so a fleet's existing state reads unchanged.
/// </summary>
public sealed class BlobRunJournal : IRunJournal
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly BlobContainerClient _container;

    public BlobRunJournal(BlobContainerClient container) => _container = container;

    public Task<LbState?> GetStateAsync(string subject, CancellationToken cancellationToken) =>
        ReadAsync<LbState>(StoreLayout.RunState(subject), cancellationToken);

    public Task SaveStateAsync(LbState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteAsync(StoreLayout.RunState(Subjects.Of(state)), state, cancellationToken);
    }

    public Task AppendAsync(RunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stamp = record.Started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return WriteAsync(StoreLayout.RunRecord(Subjects.Of(record), stamp, record.RunId), record, cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> ListAsync(string subject, CancellationToken cancellationToken)
    {
        var records = new List<RunRecord>();
        await foreach (var item in _container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, StoreLayout.RunRecordPrefix(subject), cancellationToken))
        {
            if (await ReadAsync<RunRecord>(item.Name, cancellationToken) is { } record)
            {
                records.Add(record);
            }
        }
        return records.OrderBy(r => r.Started).ToList();
    }

    public async Task<DeployStatus?> GetDeployStatusAsync(string lb, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await _container.GetBlobClient(StoreLayout.Status(lb)).DownloadContentAsync(cancellationToken)).Value;
            return JsonSerializer.Deserialize(content.Content.ToMemory().Span, StatusJson.Default.DeployStatus);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return new DeployStatus(null, null, null, $"{StoreLayout.Status(lb)} is not valid JSON");
        }
    }

    private async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value;
            return JsonSerializer.Deserialize<T>(content.Content.ToMemory().Span, Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return default;
        }
    }

    private async Task WriteAsync<T>(string name, T value, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(value, Json), overwrite: true, cancellationToken);
}
