namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>Counts the response body bytes a client really received from the server, whatever the SDK does with them.</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private long _received;

    /// <summary>A client of its own, on a plain socket handler.</summary>
    public CountingHandler()
        : base(new SocketsHttpHandler { UseProxy = false })
    {
    }

    /// <summary>A stage for an <see cref="IHttpClientFactory"/> pipeline, which sets the inner handler itself.</summary>
    public CountingHandler(bool asPipelineStage)
    {
        _ = asPipelineStage;
    }

    public long Received => Interlocked.Read(ref _received);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var original = response.Content;
        var counted = new StreamContent(new CountingStream(await original.ReadAsStreamAsync(cancellationToken), this));
        foreach (var header in original.Headers)
        {
            counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = counted;
        return response;
    }

    private sealed class CountingStream(Stream inner, CountingHandler owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

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
            Interlocked.Add(ref owner._received, read);
            return read;
        }
    }
}
