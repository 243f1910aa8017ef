using Azure.Core;
using Azure.Core.Pipeline;

namespace LbAcme.Core.Store;

/// <summary>
/// Bounds what an Azure SDK client may buffer for one response, for stores whose SDK reads a value whole (a Key
/// Vault secret): placed before the transport, so it sees the response before the SDK buffers it. A declared
/// Content-Length over the cap is refused before any of the body is read; a body without one is cut off after
/// the cap. Either way <see cref="StoredObjectTooLargeException"/> is thrown, which the SDK does not retry.
/// What it cannot bound: the SDK still parses the (capped) JSON envelope in memory, and the store's own limit
/// (Key Vault refuses secrets over 25 KB) is what keeps a real vault's answers small in the first place.
/// </summary>
public sealed class ResponseSizeCapPolicy(string what, int maxBytes) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Cap(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Cap(message);
    }

    private void Cap(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var response = message.Response;
        if (response.Headers.ContentLength is { } length && length > maxBytes)
        {
            response.ContentStream?.Dispose();
            throw new StoredObjectTooLargeException(what, length, maxBytes, "");
        }
        if (response.ContentStream is { } body)
        {
            response.ContentStream = new CappedStream(body, what, maxBytes);
        }
    }

    /// <summary>Reads through until more than the cap has come, then throws instead of returning more.</summary>
    private sealed class CappedStream(Stream inner, string what, int maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Math.Min(count, maxBytes + 1)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer[..Math.Min(buffer.Length, maxBytes + 1)], cancellationToken));

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

        private int Count(int read)
        {
            _read += read;
            return _read > maxBytes ? throw new StoredObjectTooLargeException(what, _read, maxBytes, "") : read;
        }
    }
}
