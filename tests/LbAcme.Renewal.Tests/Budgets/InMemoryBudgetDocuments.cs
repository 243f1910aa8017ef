using System.Collections.Concurrent;
using System.Text.Json;
using LbAcme.Renewal.Budgets;

namespace LbAcme.Renewal.Tests.Budgets;

/// <summary>
/// <see cref="IBudgetDocuments"/> in memory, with the blob store's protocol: documents kept as JSON (so what a blob
/// would hold round-trips), a version per write, and a write refused when the version changed since the read.
/// </summary>
internal sealed class InMemoryBudgetDocuments : IBudgetDocuments
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, (string Json, long Version)> _documents = new();
    private readonly ConcurrentDictionary<string, int> _lostRaces = new();
    private long _writes;

    /// <summary>Runs between a read and its conditional write, with the document's path: a test uses it to let a competitor in.</summary>
    public Func<string, Task>? BetweenReadAndWrite { get; set; }

    /// <summary>Writes to <paramref name="path"/> refused because another writer changed it first.</summary>
    public int LostRacesOn(string path) => _lostRaces.GetValueOrDefault(path);

    public Task<(T? Document, string? Version)> ReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class =>
        Task.FromResult(_documents.TryGetValue(path, out var stored)
            ? (JsonSerializer.Deserialize<T>(stored.Json, Json), stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : ((T?)null, (string?)null));

    public async Task<bool> TryWriteAsync<T>(string path, T document, string? version, CancellationToken cancellationToken)
        where T : class
    {
        if (BetweenReadAndWrite is { } pause)
        {
            await pause(path);
        }
        var next = (JsonSerializer.Serialize(document, Json), Interlocked.Increment(ref _writes));
        var written = version is null
            ? _documents.TryAdd(path, next)
            : _documents.TryGetValue(path, out var current) && current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) == version && _documents.TryUpdate(path, next, current);
        if (!written)
        {
            _lostRaces.AddOrUpdate(path, 1, (_, n) => n + 1);
        }
        return written;
    }

    /// <summary>Stores a document as it is, as an earlier invocation would have.</summary>
    public void Put<T>(string path, T document) => _documents[path] = (JsonSerializer.Serialize(document, Json), Interlocked.Increment(ref _writes));
}
