namespace LbAcme.Core.Store;

public enum CappedReadKind
{
    /// <summary>The whole content, at most the cap.</summary>
    Found,

    /// <summary>There is no such blob (or it was deleted during the read).</summary>
    Missing,

    /// <summary>The blob is larger than the cap; its content was not transferred.</summary>
    TooLarge,
}

/// <summary>
/// A store read bounded by a cap: the content only when <see cref="Kind"/> is <see cref="CappedReadKind.Found"/>;
/// <see cref="Size"/> the blob's size as the store reported it (for a refusal message); <see cref="ETag"/> the
/// version read (also for a refused one, so a caller can settle on it).
/// </summary>
public sealed record CappedRead(CappedReadKind Kind, byte[] Content, long Size, string ETag, IReadOnlyDictionary<string, string> Metadata)
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    public static CappedRead Missing { get; } = new(CappedReadKind.Missing, [], 0, "", NoMetadata);

    public static CappedRead TooLarge(long size, string etag) => new(CappedReadKind.TooLarge, [], size, etag, NoMetadata);
}
