using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LbAcme.Acme.Jose;
using LbAcme.LocalEnvironment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LbAcme.Acme.Tests.Doubles;

/// <summary>
/// An HTTPS ACME server for what Pebble 2.4.0 lacks: renewalInfo (RFC 9773) and profiles
/// (draft-ietf-acme-profiles). It checks every JWS (signature, nonce, url, kid) like a real CA,
/// so the client is exercised on the wire, not mocked. Orders come back "ready" with no authorizations.
/// </summary>
internal sealed class AriDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _nonces = new();
    private readonly ConcurrentDictionary<string, ECDsa> _accounts = new();
    private int _ids;

    private AriDouble(WebApplication app, TestPki pki, AriDoubleOptions options)
    {
        _app = app;
        Pki = pki;
        Options = options;
    }

    public TestPki Pki { get; }

    public AriDoubleOptions Options { get; }

    public Uri DirectoryUrl => new(BaseUrl, "directory");

    /// <summary>Every newOrder payload the double accepted, as sent.</summary>
    public ConcurrentQueue<JsonObject> Orders { get; } = new();

    /// <summary>Every renewalInfo path segment asked for.</summary>
    public ConcurrentQueue<string> RenewalInfoRequests { get; } = new();

    private Uri BaseUrl => new(_app.Urls.First() + "/");

    public static async Task<AriDouble> StartAsync(AriDoubleOptions options)
    {
        var pki = new TestPki("ARI double CA");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var serverCertificate = pki.IssueServerCertificate();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serverCertificate)));
        var app = builder.Build();
        var ca = new AriDouble(app, pki, options);
        ca.Map(app);
        await app.StartAsync();
        return ca;
    }

    public AcmeClient NewClient(TimeProvider? time = null) =>
        new(new HttpClient(Pki.CreateTrustingHandler()), Microsoft.Extensions.Options.Options.Create(new AcmeClientOptions { DirectoryUrl = DirectoryUrl }), time);

    private void Map(WebApplication app)
    {
        app.MapGet("/directory", () => Results.Json(Directory()));
        app.MapMethods("/new-nonce", ["HEAD", "GET"], (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok();
        });
        app.Use(async (http, next) =>
        {
            var nonce = Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
            _nonces[nonce] = 0;
            http.Response.Headers["Replay-Nonce"] = nonce;
            await next(http);
        });
        app.MapPost("/new-account", async (HttpContext http) =>
        {
            var (header, payload, error) = await VerifyAsync(http, requireKid: false);
            if (error is not null)
            {
                return error;
            }
            var id = Interlocked.Increment(ref _ids);
            var key = ECDsa.Create(ToParameters(header!["jwk"]!.AsObject()));
            _accounts[$"{BaseUrl}acct/{id}"] = key;
            return Results.Created($"{BaseUrl}acct/{id}", new { status = "valid", contact = payload?["contact"] });
        });
        app.MapPost("/new-order", async (HttpContext http) =>
        {
            var (_, payload, error) = await VerifyAsync(http, requireKid: true);
            if (error is not null)
            {
                return error;
            }
            var profile = payload!["profile"]?.GetValue<string>();
            if (profile is not null && !Options.Profiles.ContainsKey(profile))
            {
                return Problem(HttpStatusCode.BadRequest, "invalidProfile", $"profile \"{profile}\" is not offered");
            }
            var replaces = payload["replaces"]?.GetValue<string>();
            if (replaces is not null && !Options.Windows.ContainsKey(replaces))
            {
                return Problem(HttpStatusCode.Conflict, "alreadyReplaced", "no certificate with that identifier awaits replacement");
            }
            Orders.Enqueue(payload);
            var id = Interlocked.Increment(ref _ids);
            return Results.Created($"{BaseUrl}order/{id}", new
            {
                status = "ready",
                identifiers = payload["identifiers"],
                authorizations = Array.Empty<string>(),
                finalize = $"{BaseUrl}order/{id}/finalize",
                profile,
                replaces,
            });
        });
        app.MapGet("/renewal-info/{certId}", (string certId, HttpContext http) =>
        {
            RenewalInfoRequests.Enqueue(certId);
            var parts = certId.Split('.');
            if (parts.Length != 2 || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
            {
                return Problem(HttpStatusCode.BadRequest, "malformed", "not a certificate identifier");
            }
            if (!Options.Windows.TryGetValue(certId, out var window))
            {
                return Problem(HttpStatusCode.NotFound, "malformed", "unknown certificate");
            }
            if (Options.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Results.Json(new
            {
                suggestedWindow = new { start = window.Start.ToString("O"), end = window.End.ToString("O") },
                explanationURL = $"{BaseUrl}why",
            });
        });
    }

    private Dictionary<string, object> Directory()
    {
        var directory = new Dictionary<string, object>
        {
            ["newNonce"] = $"{BaseUrl}new-nonce",
            ["newAccount"] = $"{BaseUrl}new-account",
            ["newOrder"] = $"{BaseUrl}new-order",
            ["revokeCert"] = $"{BaseUrl}revoke-cert",
            ["keyChange"] = $"{BaseUrl}key-change",
            ["meta"] = new { profiles = Options.Profiles },
        };
        if (Options.AdvertiseRenewalInfo)
        {
            directory["renewalInfo"] = $"{BaseUrl}renewal-info";
        }
        return directory;
    }

    /// <summary>RFC 8555 §6.2–6.5 request checks: flattened JWS, known unused nonce, url, jwk xor kid, valid signature.</summary>
    private async Task<(JsonObject? Header, JsonObject? Payload, IResult? Error)> VerifyAsync(HttpContext http, bool requireKid)
    {
        if (http.Request.ContentType != "application/jose+json")
        {
            return (null, null, Problem(HttpStatusCode.UnsupportedMediaType, "malformed", "Content-Type must be application/jose+json"));
        }
        var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
        var protectedB64 = body["protected"]!.GetValue<string>();
        var payloadB64 = body["payload"]!.GetValue<string>();
        var header = JsonNode.Parse(Base64Url.Decode(protectedB64))!.AsObject();
        var nonce = header["nonce"]?.GetValue<string>();
        if (nonce is null || !_nonces.TryRemove(nonce, out _))
        {
            return (null, null, Problem(HttpStatusCode.BadRequest, "badNonce", "unknown or used nonce"));
        }
        var requestUrl = $"{BaseUrl.GetLeftPart(UriPartial.Authority)}{http.Request.Path}";
        if (header["url"]?.GetValue<string>() != requestUrl)
        {
            return (null, null, Problem(HttpStatusCode.Unauthorized, "unauthorized", "url header does not match the request"));
        }
        var hasKid = header.ContainsKey("kid");
        if (hasKid == header.ContainsKey("jwk") || hasKid != requireKid)
        {
            return (null, null, Problem(HttpStatusCode.BadRequest, "malformed", "exactly one of jwk/kid, as the resource requires"));
        }
        using var jwkKey = hasKid ? null : ECDsa.Create(ToParameters(header["jwk"]!.AsObject()));
        var key = hasKid ? _accounts.GetValueOrDefault(header["kid"]!.GetValue<string>()) : jwkKey;
        var signingInput = Encoding.ASCII.GetBytes(protectedB64 + "." + payloadB64);
        if (key is null || header["alg"]?.GetValue<string>() != "ES256"
            || !key.VerifyData(signingInput, Base64Url.Decode(body["signature"]!.GetValue<string>()), HashAlgorithmName.SHA256))
        {
            return (null, null, Problem(HttpStatusCode.Unauthorized, "unauthorized", "JWS signature does not verify"));
        }
        var payload = payloadB64.Length == 0 ? null : JsonNode.Parse(Base64Url.Decode(payloadB64))!.AsObject();
        return (header, payload, null);
    }

    private static ECParameters ToParameters(JsonObject jwk) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.Decode(jwk["x"]!.GetValue<string>()), Y = Base64Url.Decode(jwk["y"]!.GetValue<string>()) },
    };

    private static IResult Problem(HttpStatusCode status, string type, string detail) =>
        Results.Json(new { type = "urn:ietf:params:acme:error:" + type, detail, status = (int)status }, statusCode: (int)status, contentType: "application/problem+json");

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var key in _accounts.Values)
        {
            key.Dispose();
        }
        Pki.Dispose();
    }
}
