using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Certificates;
using Azure.Security.KeyVault.Secrets;
using LbAcme.LocalEnvironment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LbAcme.Testing;

/// <summary>
/// An HTTPS endpoint speaking the subset of the Key Vault REST API our store uses, including the
/// bearer challenge the SDK's auth policy expects (an unauthenticated first request gets 401 with
/// WWW-Authenticate). Used through the real Azure SDK clients, never by mocking them. Like the real vault,
/// it refuses a PEM import whose key does not match its certificate.
/// </summary>
public sealed class KeyVaultDouble : IAsyncDisposable
{
    public const string Token = "test-token";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, List<JsonObject>> _certificates = new();
    private readonly ConcurrentDictionary<string, List<JsonObject>> _secrets = new();
    private string? _publicHostName;

    private KeyVaultDouble(WebApplication app, TestPki pki)
    {
        _app = app;
        Pki = pki;
    }

    public TestPki Pki { get; }

    public Uri VaultUri => new(_app.Urls.First() + "/");

    /// <summary>Requests that arrived with a valid bearer token, as "METHOD /path".</summary>
    public ConcurrentQueue<string> AuthorizedRequests { get; } = new();

    /// <summary>When true, every request fails with 503, as a vault in an outage would.</summary>
    public bool Unavailable { get; set; }

    /// <summary>
    /// When true, an authenticated caller is refused with 403 Forbidden, as the real vault refuses an identity
    /// without a data-plane role (RBAC authorization) on what it asks for.
    /// </summary>
    public bool Forbidden { get; set; }

    /// <summary>
    /// The vault's name as a process outside the test reaches it through <see cref="VaultProxy"/> (a real vault's
    /// name such as lbacme-kv.vault.azure.net), or <see cref="VaultUri"/> when the double was started without one.
    /// </summary>
    public Uri PublicUri => _publicHostName is null ? VaultUri : new Uri($"https://{_publicHostName}/");

    /// <summary>Where the double listens, for a proxy that tunnels the public name to it.</summary>
    public IPEndPoint Endpoint => new(IPAddress.Loopback, VaultUri.Port);

    /// <param name="publicHostName">A name under vault.azure.net its certificate also carries (see <see cref="PublicUri"/>).</param>
    public static async Task<KeyVaultDouble> StartAsync(string? publicHostName = null)
    {
        var pki = new TestPki("Key Vault double CA");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = publicHostName is null ? pki.IssueServerCertificate() : pki.IssueServerCertificate(publicHostName);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var vault = new KeyVaultDouble(app, pki);
        vault.Map(app);
        await app.StartAsync();
        vault._publicHostName = publicHostName;
        return vault;
    }

    /// <summary>A credential that hands out the one token the double accepts (what a managed identity would do in Azure).</summary>
    public TokenCredential Credential { get; } = new StaticToken();

    public CertificateClient CertificateClient() =>
        new(VaultUri, Credential, Configure(new CertificateClientOptions { DisableChallengeResourceVerification = true }));

    public SecretClient SecretClient() =>
        new(VaultUri, Credential, Configure(new SecretClientOptions { DisableChallengeResourceVerification = true }));

    private T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Transport = new HttpClientTransport(new HttpClient(Pki.CreateTrustingHandler()));
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (Unavailable)
            {
                await Results.Json(Error("ServiceUnavailable", "down for the test"), statusCode: 503).ExecuteAsync(http);
                return;
            }
            if (http.Request.Headers.Authorization != $"Bearer {Token}")
            {
                http.Response.StatusCode = 401;
                http.Response.Headers.WWWAuthenticate =
                    "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"";
                return;
            }
            if (Forbidden)
            {
                await Results.Json(Error("Forbidden", "Caller is not authorized to perform action on resource."), statusCode: 403).ExecuteAsync(http);
                return;
            }
            AuthorizedRequests.Enqueue($"{http.Request.Method} {http.Request.Path}");
            await next(http);
        });
        app.MapPost("/certificates/{name}/import", async (string name, HttpContext http) =>
        {
            var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
            var value = body["value"]!.GetValue<string>();
            var contentType = body["policy"]?["secret_props"]?["contentType"]?.GetValue<string>() ?? "application/x-pkcs12";
            if (!TryReadPem(value, out var leaf, out var problem))
            {
                return Results.Json(Error("BadParameter", problem), statusCode: 400);
            }
            using (leaf)
            {
                var version = Guid.NewGuid().ToString("N");
                var tags = body["tags"]?.DeepClone() ?? new JsonObject();
                var attributes = Attributes(leaf);
                var bundle = new JsonObject
                {
                    ["id"] = $"{VaultUri}certificates/{name}/{version}",
                    ["kid"] = $"{VaultUri}keys/{name}/{version}",
                    ["sid"] = $"{VaultUri}secrets/{name}/{version}",
                    ["x5t"] = Convert.ToBase64String(leaf.GetCertHash()).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
                    ["cer"] = Convert.ToBase64String(leaf.RawData),
                    ["attributes"] = attributes.DeepClone(),
                    ["tags"] = tags.DeepClone(),
                    ["policy"] = body["policy"]?.DeepClone(),
                };
                var secret = new JsonObject
                {
                    ["id"] = $"{VaultUri}secrets/{name}/{version}",
                    ["value"] = value,
                    ["contentType"] = contentType,
                    ["kid"] = $"{VaultUri}keys/{name}/{version}",
                    ["managed"] = true,
                    ["attributes"] = attributes.DeepClone(),
                    ["tags"] = tags.DeepClone(),
                };
                Append(_certificates, name, bundle);
                Append(_secrets, name, secret);
                return Results.Json(bundle);
            }
        });
        app.MapGet("/certificates/{name}/{version?}", (string name, string? version) => Latest(_certificates, name, version, "CertificateNotFound"));
        app.MapGet("/secrets/{name}/{version?}", (string name, string? version) => Latest(_secrets, name, version, "SecretNotFound"));
        app.MapPut("/secrets/{name}", async (string name, HttpContext http) =>
        {
            var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
            var version = Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var secret = new JsonObject
            {
                ["id"] = $"{VaultUri}secrets/{name}/{version}",
                ["value"] = body["value"]?.GetValue<string>(),
                ["contentType"] = body["contentType"]?.GetValue<string>(),
                ["attributes"] = new JsonObject { ["enabled"] = true, ["created"] = now, ["updated"] = now },
                ["tags"] = body["tags"]?.DeepClone() ?? new JsonObject(),
            };
            Append(_secrets, name, secret);
            return Results.Json(secret);
        });
    }

    private static void Append(ConcurrentDictionary<string, List<JsonObject>> store, string name, JsonObject item)
    {
        var versions = store.GetOrAdd(name.ToLowerInvariant(), _ => []);
        lock (versions)
        {
            versions.Add(item);
        }
    }

    private static IResult Latest(ConcurrentDictionary<string, List<JsonObject>> store, string name, string? version, string notFoundCode)
    {
        if (store.TryGetValue(name.ToLowerInvariant(), out var versions))
        {
            lock (versions)
            {
                var match = string.IsNullOrEmpty(version)
                    ? versions.LastOrDefault()
                    : versions.FirstOrDefault(v => v["id"]!.GetValue<string>().EndsWith("/" + version, StringComparison.Ordinal));
                if (match is not null)
                {
                    return Results.Json(match);
                }
            }
        }
        return Results.Json(Error(notFoundCode, $"A certificate or secret with (name/id) {name} was not found in this key vault."), statusCode: 404);
    }

    private static bool TryReadPem(string value, out X509Certificate2 leaf, out string problem)
    {
        leaf = null!;
        problem = string.Empty;
        try
        {
            leaf = X509Certificate2.CreateFromPem(value, value);
            return true;
        }
        catch (CryptographicException e)
        {
            problem = $"The specified PEM X.509 certificate content is in an unexpected format: {e.Message}";
            return false;
        }
    }

    private static JsonObject Attributes(X509Certificate2 leaf)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["enabled"] = true,
            ["nbf"] = new DateTimeOffset(leaf.NotBefore.ToUniversalTime()).ToUnixTimeSeconds(),
            ["exp"] = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
            ["created"] = now,
            ["updated"] = now,
            ["recoveryLevel"] = "Recoverable",
        };
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Pki.Dispose();
    }

    /// <summary>A credential that hands out the one token the double accepts.</summary>
    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
