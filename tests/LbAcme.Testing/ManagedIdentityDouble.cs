using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LbAcme.Testing;

/// <summary>
/// The token endpoint a managed identity offers a process (the App Service flavour: <c>IDENTITY_ENDPOINT</c> and
/// <c>IDENTITY_HEADER</c>), handing out the <see cref="KeyVaultDouble"/>'s token. With <see cref="Environment"/> set,
/// a real process's <c>DefaultAzureCredential</c> finds it exactly as it finds a VM's identity in Azure.
/// </summary>
public sealed class ManagedIdentityDouble : IAsyncDisposable
{
    private const string Secret = "lb-acme-test-identity";
    private readonly WebApplication _app;

    private ManagedIdentityDouble(WebApplication app) => _app = app;

    /// <summary>Token requests answered, as "resource" query values.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["IDENTITY_ENDPOINT"] = _app.Urls.First() + "/msi/token",
        ["IDENTITY_HEADER"] = Secret,
    };

    public static async Task<ManagedIdentityDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var identity = new ManagedIdentityDouble(app);
        app.MapGet("/msi/token", (HttpContext http) =>
        {
            if (http.Request.Headers["X-IDENTITY-HEADER"] != Secret)
            {
                return Results.StatusCode(400);
            }
            var resource = http.Request.Query["resource"].ToString();
            identity.Requests.Enqueue(resource);
            var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = KeyVaultDouble.Token,
                ["expires_on"] = expires,
                ["resource"] = resource,
                ["token_type"] = "Bearer",
            });
        });
        await app.StartAsync();
        return identity;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
