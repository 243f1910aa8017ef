namespace LbAcme.Core.Store;

/// <summary>
/// A read-only pass-through that counts the bytes that came through and, given a cap, throws the exception
/// <c>overCap</c> makes (from the count) instead of passing more: what bounds a body the SDK would buffer whole.
/// </summary>
public sealed class CountedReadStream(Stream inner, long cap = long.MaxValue, Func<long, Exception>? overCap = null) : Stream
{
    private long _read;

    public long BytesRead => Interlocked.Read(ref _read);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Limit(count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Never asks for more than one byte past the cap, so an over-cap body is noticed after at most that.</summary>
    private int Limit(int requested) => (int)Math.Min(requested, Math.Max(1, cap - BytesRead + 1));

    private int Count(int read)
    {
        var total = Interlocked.Add(ref _read, read);
        return total > cap ? throw (overCap?.Invoke(total) ?? new IOException($"more than {cap} bytes")) : read;
    }
}
