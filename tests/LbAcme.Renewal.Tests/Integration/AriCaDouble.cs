using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using LbAcme.Acme.Ari;
using LbAcme.Acme.Jose;
using LbAcme.Core.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// A small CA for what Pebble 2.4.0 lacks: it advertises renewalInfo (RFC 9773), answers windows for the
/// certificates it issued, records "replaces", and issues real certificates for the CSR it is sent. Orders
/// are ready at once (no authorizations): this double is about renewal timing, not validation.
/// </summary>
internal sealed class AriCaDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, JsonObject> _orders = new();
    private readonly ConcurrentDictionary<string, string> _certificates = new();
    private int _ids;

    private AriCaDouble(WebApplication app)
    {
        _app = app;
        var request = new CertificateRequest("CN=ARI double CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-400), DateTimeOffset.UtcNow.AddYears(5));
    }

    public X509Certificate2 Ca { get; }

    public Uri DirectoryUrl => new(_app.Urls.First() + "/directory");

    /// <summary>ARI CertID → suggested window.</summary>
    public ConcurrentDictionary<string, (DateTimeOffset Start, DateTimeOffset End)> Windows { get; } = new();

    /// <summary>The "replaces" of every newOrder (null when absent).</summary>
    public ConcurrentQueue<string?> Replaces { get; } = new();

    public static async Task<AriCaDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var ca = new AriCaDouble(app);
        ca.Map(app);
        await app.StartAsync();
        return ca;
    }

    /// <summary>A certificate of this CA for <paramref name="names"/> issued in the past, with its key.</summary>
    public (string ChainPem, AcmeKey Key) Issue(IReadOnlyList<string> names, DateTimeOffset notBefore, TimeSpan lifetime)
    {
        var key = AcmeKey.Create(KeyType.EcP256);
        var pem = Sign(key.CreateCsr(names), notBefore, lifetime);
        return (pem, key);
    }

    private void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            http.Response.Headers["Replay-Nonce"] = Guid.NewGuid().ToString("N");
            await next(http);
        });
        app.MapGet("/directory", () => Results.Json(new
        {
            newNonce = Url("nonce"),
            newAccount = Url("account"),
            newOrder = Url("order"),
            revokeCert = Url("revoke"),
            keyChange = Url("key-change"),
            renewalInfo = Url("renewal-info"),
        }));
        app.MapMethods("/nonce", ["HEAD"], () => Results.Ok());
        app.MapPost("/account", () => Results.Created(Url("acct/1"), new { status = "valid" }));
        app.MapPost("/order", async (HttpContext http) =>
        {
            var payload = await PayloadAsync(http);
            Replaces.Enqueue(payload["replaces"]?.GetValue<string>());
            var id = Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var order = new JsonObject
            {
                ["status"] = "ready",
                ["identifiers"] = payload["identifiers"]!.DeepClone(),
                ["authorizations"] = new JsonArray(),
                ["finalize"] = Url($"order/{id}/finalize"),
            };
            _orders[id] = order;
            return Results.Created(Url($"order/{id}"), order);
        });
        app.MapPost("/order/{id}/finalize", async (string id, HttpContext http) =>
        {
            var csr = Base64Url.Decode((await PayloadAsync(http))["csr"]!.GetValue<string>());
            _certificates[id] = Sign(csr, DateTimeOffset.UtcNow.AddMinutes(-1), TimeSpan.FromDays(90));
            var order = _orders[id];
            order["status"] = "valid";
            order["certificate"] = Url($"cert/{id}");
            return Results.Json(order);
        });
        app.MapPost("/order/{id}", (string id) => Results.Json(_orders[id]));
        app.MapPost("/cert/{id}", (string id) => Results.Text(_certificates[id], "application/pem-certificate-chain"));
        app.MapGet("/renewal-info/{certId}", (string certId, HttpContext http) =>
        {
            if (!Windows.TryGetValue(certId, out var window))
            {
                return Results.Json(new { type = "urn:ietf:params:acme:error:malformed", detail = "unknown certificate" }, statusCode: 404, contentType: "application/problem+json");
            }
            http.Response.Headers.RetryAfter = "21600";
            return Results.Json(new { suggestedWindow = new { start = window.Start.ToString("O"), end = window.End.ToString("O") } });
        });
    }

    private string Sign(byte[] csrDer, DateTimeOffset notBefore, TimeSpan lifetime)
    {
        var csr = CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        csr.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var leaf = csr.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), notBefore, notBefore + lifetime, serial);
        return leaf.ExportCertificatePem() + "\n" + Ca.ExportCertificatePem() + "\n";
    }

    public static string AriIdOf(string chainPem)
    {
        using var leaf = X509Certificate2.CreateFromPem(chainPem);
        return AriCertificateId.Compute(leaf);
    }

    private static async Task<JsonObject> PayloadAsync(HttpContext http)
    {
        var jws = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
        var payload = jws["payload"]!.GetValue<string>();
        return payload.Length == 0 ? [] : JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.Decode(payload)))!.AsObject();
    }

    private string Url(string path) => $"{_app.Urls.First()}/{path}";

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _caKey.Dispose();
        Ca.Dispose();
    }
}
