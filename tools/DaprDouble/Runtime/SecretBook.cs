using System.Collections.Concurrent;
using LbAcme.DaprDouble.Resources;

namespace LbAcme.DaprDouble.Runtime;

/// <summary>
/// The secret stores the double serves and what was read from them. Store names are compared as daprd does (exactly);
/// a read is counted when the call reached a known store, found or not, because that is when a real component calls
/// its backend (a Key Vault GET).
/// </summary>
internal sealed class SecretBook(IEnumerable<SecretStoreComponent> stores)
{
    // A later store of the same name replaces an earlier one, as a resources file would override a default.
    private readonly Dictionary<string, SecretStoreComponent> _stores = stores.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Store, string Name), string> _values = new();
    private readonly ConcurrentDictionary<(string Store, string Name), int> _reads = new();
    private readonly ConcurrentQueue<SecretRead> _log = new();
    private int _total;

    public bool HasStore(string store) => _stores.ContainsKey(store);

    public SecretStoreComponent Component(string store) => _stores[store];

    public void Set(string store, string name, string value)
    {
        RequireStore(store);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _values[(store, name)] = value;
    }

    public void Remove(string store, string name)
    {
        RequireStore(store);
        _values.TryRemove((store, name), out _);
    }

    /// <summary>Counts the read and answers the value, or null when the store has no such secret.</summary>
    public string? Read(string store, string name, IReadOnlyDictionary<string, string> metadata)
    {
        _reads.AddOrUpdate((store, name), 1, (_, n) => n + 1);
        Record(new SecretRead(store, name, metadata));
        return _values.TryGetValue((store, name), out var value) ? value : null;
    }

    /// <summary>Counts the bulk read and answers every secret of the store.</summary>
    public IReadOnlyDictionary<string, string> ReadAll(string store, IReadOnlyDictionary<string, string> metadata)
    {
        Record(new SecretRead(store, null, metadata));
        return _values.Where(v => v.Key.Store == store).ToDictionary(v => v.Key.Name, v => v.Value, StringComparer.Ordinal);
    }

    public int Reads(string store, string name) => _reads.TryGetValue((store, name), out var n) ? n : 0;

    public int ReadsTotal => Volatile.Read(ref _total);

    public IReadOnlyList<SecretRead> Log => [.. _log];

    private void Record(SecretRead read)
    {
        _log.Enqueue(read);
        Interlocked.Increment(ref _total);
    }

    private void RequireStore(string store)
    {
        if (!HasStore(store))
        {
            // A test that seeds a store daprd would not have loaded is a mistake in the test, not a case to serve.
            throw new InvalidOperationException($"The double serves no secret store '{store}' (known: {string.Join(", ", _stores.Keys)}).");
        }
    }
}
