using System.Collections.Concurrent;
using LbAcme.Core.Store;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>Counts the response body bytes a client really received from the server, whatever the SDK does with them.</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<CountedReadStream> _bodies = new();

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

    public long Received => _bodies.Sum(body => body.BytesRead);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var original = response.Content;
        var body = new CountedReadStream(await original.ReadAsStreamAsync(cancellationToken));
        _bodies.Enqueue(body);
        var counted = new StreamContent(body);
        foreach (var header in original.Headers)
        {
            counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = counted;
        return response;
    }
}
