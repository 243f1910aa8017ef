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
/// The refused object is named per request (<paramref name="what"/> reads it from the request, e.g. the secret in
/// its URI): one client serves every certificate of an LB.
/// </summary>
public sealed class ResponseSizeCapPolicy(Func<HttpMessage, string> what, int maxBytes) : HttpPipelinePolicy
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
            throw new StoredObjectTooLargeException(what(message), length, maxBytes, "");
        }
        if (response.ContentStream is { } body)
        {
            var name = what(message);
            response.ContentStream = new CountedReadStream(body, maxBytes, read => new StoredObjectTooLargeException(name, read, maxBytes, ""));
        }
    }
}
