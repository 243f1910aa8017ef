namespace LbAcme.Core.Store;

/// <summary>
/// A stored object over its <see cref="StoreReadLimits"/> cap: refused before its content was transferred.
/// Thrown where a store's contract returns the content itself (a certificate bundle); <see cref="Version"/> lets
/// the caller settle on the refused version instead of asking again every round.
/// </summary>
public sealed class StoredObjectTooLargeException : Exception
{
    public StoredObjectTooLargeException(string name, long size, int limit, string version)
        : base($"{name} is {size} bytes, over the {limit}-byte limit for a store read; not downloaded")
    {
        Name = name;
        Size = size;
        Limit = limit;
        Version = version;
    }

    public StoredObjectTooLargeException()
        : this("object", 0, 0, "")
    {
    }

    public StoredObjectTooLargeException(string message)
        : base(message)
    {
        Name = "object";
        Version = "";
    }

    public StoredObjectTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = "object";
        Version = "";
    }

    public string Name { get; }

    public long Size { get; }

    public int Limit { get; }

    public string Version { get; }
}
