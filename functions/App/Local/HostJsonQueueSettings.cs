using System.Globalization;
using System.Text.Json;

namespace LbAcme.Functions.Local;

/// <summary>
/// The queue-trigger settings from host.json (extensions.queues) with the host's documented defaults, so the
/// stand-in host retries, paces and poisons exactly as the Functions host will with the file that ships.
/// </summary>
public sealed record HostJsonQueueSettings(int MaxDequeueCount, TimeSpan VisibilityTimeout, int BatchSize, int NewBatchThreshold, TimeSpan FunctionTimeout)
{
    public static readonly HostJsonQueueSettings Defaults = new(5, TimeSpan.Zero, 16, 8, TimeSpan.FromMinutes(10));

    /// <summary>How many messages one instance works on at once: the host's batch plus what it fetches ahead.</summary>
    public int Concurrency => BatchSize + NewBatchThreshold;

    public static HostJsonQueueSettings Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var timeout = root.TryGetProperty("functionTimeout", out var t) && t.ValueKind == JsonValueKind.String
            ? TimeSpan.Parse(t.GetString()!, CultureInfo.InvariantCulture)
            : Defaults.FunctionTimeout;
        if (!root.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
        {
            return Defaults with { FunctionTimeout = timeout };
        }
        var batch = Int(queues, "batchSize", Defaults.BatchSize);
        return new HostJsonQueueSettings(
            Int(queues, "maxDequeueCount", Defaults.MaxDequeueCount),
            queues.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture) : Defaults.VisibilityTimeout,
            batch,
            Int(queues, "newBatchThreshold", batch / 2),
            timeout);
    }

    private static int Int(JsonElement section, string name, int fallback) =>
        section.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : fallback;
}
