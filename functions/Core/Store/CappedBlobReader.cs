using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LbAcme.Core.Store;

/// <summary>
/// Reads a blob without ever transferring more than the cap plus one byte: the download asks for the byte range
/// [0, cap] only, so the store sends at most that much whatever the blob's size is now (it may have grown since a
/// listing or properties call); the total size comes from the answer's Content-Range, so an oversize blob is
/// refused after at most cap + 1 bytes; and the copy stops at the cap even if a server ignored the range.
/// </summary>
public static class CappedBlobReader
{
    /// <summary>A range on an empty blob is unsatisfiable: the store answers 416 instead of an empty body.</summary>
    private const int RangeNotSatisfiable = 416;

    public static Task<CappedRead> ReadAsync(BlobClient blob, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return ReadAsync(blob, maxBytes, emptyBefore: false, cancellationToken);
    }

    private static async Task<CappedRead> ReadAsync(BlobClient blob, int maxBytes, bool emptyBefore, CancellationToken cancellationToken)
    {
        try
        {
            var options = new BlobDownloadOptions { Range = new HttpRange(0, maxBytes + 1L) };
            using var result = (await blob.DownloadStreamingAsync(options, cancellationToken)).Value;
            var details = result.Details;
            var etag = details.ETag.ToString();
            var size = TotalSize(details.ContentRange) ?? details.ContentLength;
            if (size > maxBytes)
            {
                return CappedRead.TooLarge(size, etag);
            }
            var content = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < content.Length && (read = await result.Content.ReadAsync(content.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
            if (length > maxBytes)
            {
                return CappedRead.TooLarge(Math.Max(size, length), etag);
            }
            return new CappedRead(CappedReadKind.Found, content[..length], length, etag, Copy(details.Metadata));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return CappedRead.Missing;
        }
        catch (RequestFailedException e) when (e.Status == RangeNotSatisfiable)
        {
            return await ReadEmptyAsync(blob, maxBytes, emptyBefore, cancellationToken);
        }
    }

    /// <summary>
    /// The blob was empty when the range was asked for; its properties say whether it still is. One that was
    /// written in between is read once more; twice empty-then-written in a row counts as a failed read.
    /// </summary>
    private static async Task<CappedRead> ReadEmptyAsync(BlobClient blob, int maxBytes, bool emptyBefore, CancellationToken cancellationToken)
    {
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return CappedRead.Missing;
        }
        var etag = properties.ETag.ToString();
        if (properties.ContentLength == 0)
        {
            return new CappedRead(CappedReadKind.Found, [], 0, etag, Copy(properties.Metadata));
        }
        if (properties.ContentLength > maxBytes)
        {
            return CappedRead.TooLarge(properties.ContentLength, etag);
        }
        return emptyBefore
            ? throw new IOException($"blob {blob.Name} changed between two reads twice in a row")
            : await ReadAsync(blob, maxBytes, emptyBefore: true, cancellationToken);
    }

    /// <summary>"bytes 0-4096/195000000" → 195000000; null when absent or "*".</summary>
    private static long? TotalSize(string? contentRange)
    {
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string>? metadata) =>
        metadata is null ? [] : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
}
