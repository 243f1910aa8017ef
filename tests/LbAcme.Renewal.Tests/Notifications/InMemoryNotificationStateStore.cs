using System.Text.Json;
using LbAcme.Renewal.Notifications;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// The notification state in memory with the blob's contract: every read is a copy (serialized, as a blob would be)
/// with a version, and a write with a stale version is refused.
/// </summary>
public sealed class InMemoryNotificationStateStore : INotificationStateStore
{
    private readonly Lock _gate = new();
    private byte[]? _content;
    private int _version;

    public int Writes { get; private set; }

    public NotificationStateDocument Current
    {
        get
        {
            lock (_gate)
            {
                return _content is null ? new NotificationStateDocument() : JsonSerializer.Deserialize<NotificationStateDocument>(_content, Json)!;
            }
        }
    }

    private static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public Task<(NotificationStateDocument Document, string? Version)> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var document = _content is null ? new NotificationStateDocument() : JsonSerializer.Deserialize<NotificationStateDocument>(_content, Json)!;
            return Task.FromResult((document, _content is null ? null : (string?)_version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public Task<bool> TryWriteAsync(NotificationStateDocument document, string? version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _content is null ? null : _version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (current != version)
            {
                return Task.FromResult(false);
            }
            _content = JsonSerializer.SerializeToUtf8Bytes(document, Json);
            _version++;
            Writes++;
            return Task.FromResult(true);
        }
    }
}
