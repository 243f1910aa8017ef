using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace LbAcme.Functions.Functions;

/// <summary>
/// Reading an operator action's JSON body strictly (an unknown member is refused, so a typo such as "reson" cannot
/// silently fall back to a default) and bounding the action: each one runs under <see cref="Deadline"/>, far inside the
/// 230 s an HTTP-triggered function may take.
/// </summary>
public static class AdminRequests
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The body as <typeparamref name="T"/>; an empty body is <paramref name="empty"/>. Problem is a sentence for a 400.</summary>
    public static async Task<(T? Value, string? Problem)> ReadAsync<T>(HttpRequest request, T empty, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"the body is larger than {MaxBodyBytes} bytes");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, $"the body is larger than {MaxBodyBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (empty, null);
        }
        try
        {
            return (JsonSerializer.Deserialize<T>(buffer.ToArray(), Strict) ?? empty, null);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not the JSON this action takes: {e.Message.Split(" Path:", 2)[0]}");
        }
    }

    /// <summary>The request's own cancellation plus <see cref="Deadline"/>.</summary>
    public static CancellationTokenSource Bound(CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Deadline);
        return bounded;
    }
}
