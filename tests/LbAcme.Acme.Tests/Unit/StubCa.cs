using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>
/// A scriptable CA at the HTTP level, for the answers a real CA rarely gives: HTML error pages, truncated
/// bodies, missing headers. By default it serves a valid directory and a fresh nonce on every answer.
/// </summary>
internal sealed class StubCa : HttpMessageHandler
{
    public const string Base = "https://ca.test/";
    private int _nonce;

    public ConcurrentQueue<(HttpMethod Method, string Path)> Requests { get; } = new();

    /// <summary>Path → answer; a path with no route gets a 404 problem document.</summary>
    public Dictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> Routes { get; } = new()
    {
        ["/directory"] = _ => Json(HttpStatusCode.OK, """
            {"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/account","newOrder":"https://ca.test/order",
             "revokeCert":"https://ca.test/revoke","keyChange":"https://ca.test/key-change"}
            """),
        ["/nonce"] = _ => new HttpResponseMessage(HttpStatusCode.OK),
    };

    public bool SendNonces { get; set; } = true;

    public AcmeClient NewClient(TimeProvider? time = null, Action<AcmeClientOptions>? configure = null, Microsoft.Extensions.Logging.ILogger<AcmeClient>? logger = null)
    {
        var options = new AcmeClientOptions
        {
            DirectoryUrl = new Uri(Base + "directory"),
            RequestTimeout = TimeSpan.FromSeconds(1),
            PollInitialDelay = TimeSpan.FromSeconds(1),
            PollMaxDelay = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new AcmeClient(new HttpClient(this, disposeHandler: false), Options.Create(options), time, logger);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string contentType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, contentType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string type, string detail) =>
        Json(status, $$"""{"type":"urn:ietf:params:acme:error:{{type}}","detail":"{{detail}}","status":{{(int)status}}}""", "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        Requests.Enqueue((request.Method, path));
        if (request.Content is not null)
        {
            await request.Content.ReadAsStringAsync(cancellationToken);
        }
        var response = Routes.TryGetValue(path, out var route)
            ? route(request)
            : Problem(HttpStatusCode.NotFound, "malformed", "no such resource");
        if (SendNonces)
        {
            response.Headers.TryAddWithoutValidation("Replay-Nonce", "nonce" + Interlocked.Increment(ref _nonce));
        }
        return response;
    }
}
