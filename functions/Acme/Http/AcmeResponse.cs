using System.Net;
using System.Text;
using System.Text.Json;
using LbAcme.Acme.Problems;

namespace LbAcme.Acme.Http;

/// <summary>A fully read, bounded ACME response with the headers the protocol uses.</summary>
internal sealed record AcmeResponse(
    Uri RequestUrl,
    HttpStatusCode StatusCode,
    string? ContentType,
    byte[] Body,
    Uri? Location,
    IReadOnlyList<LinkHeader> Links,
    TimeSpan? RetryAfter,
    string? ReplayNonce = null)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public Uri RequireLocation() =>
        Location ?? throw new AcmeProtocolException("The response has no Location header.", RequestUrl, (int)StatusCode);

    public T ReadJson<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, AcmeJson.Options)
                ?? throw new AcmeProtocolException($"The body is JSON null, not a {typeof(T).Name}.", RequestUrl, (int)StatusCode);
        }
        catch (JsonException e)
        {
            throw new AcmeProtocolException(
                $"Expected a JSON {typeof(T).Name} but got {Describe()}: {e.Message}", RequestUrl, (int)StatusCode, e);
        }
    }

    /// <summary>A short, safe description of the body for error messages.</summary>
    public string Describe()
    {
        var text = BodyText.ReplaceLineEndings(" ");
        var snippet = text.Length > 120 ? text[..120] + "…" : text;
        return $"{ContentType ?? "no content type"}, {Body.Length} bytes \"{snippet}\"";
    }
}

internal sealed record LinkHeader(Uri Target, string Rel);
