using System.Collections.Concurrent;
using Azure.Core;
using Azure.Storage.Blobs;
using LbAcme.Core.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Infra.Tests.Store;

/// <summary>
/// With Store:ServiceUri the store signs every request with a bearer token from the registered token credential
/// (in Azure: the managed identity), asked for the storage scope; proved against a local HTTPS endpoint that
/// records what arrives.
/// </summary>
public sealed class StoreIdentityTests : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private readonly ConcurrentQueue<(string Path, string Query, string Authorization)> _requests = new();
    private WebApplication _server = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var certificate = _pki.IssueServerCertificate();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        _server = builder.Build();
        _server.Run(context =>
        {
            _requests.Enqueue((context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", context.Request.Headers.Authorization.ToString()));
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers["x-ms-error-code"] = "ContainerNotFound";
            return Task.CompletedTask;
        });
        await _server.StartAsync();
        _port = new Uri(_server.Urls.First()).Port; // Kestrel bound port 0: the kernel's pick, no one else's
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task Requests_carry_the_credentials_bearer_token_for_the_storage_scope()
    {
        var credential = new RecordingCredential("token-from-the-managed-identity");
        var services = new ServiceCollection()
            .AddSingleton<TokenCredential>(credential)
            .AddChallengeStore(_ => new StoreOptions { ServiceUri = new Uri($"https://localhost:{_port}/"), Container = "lb-acme" });
        services.AddHttpClient(StoreServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(_pki.CreateTrustingHandler);
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var container = provider.GetRequiredService<BlobContainerClient>();

        var exists = await container.ExistsAsync();

        Assert.False(exists.Value);
        var request = Assert.Single(_requests);
        Assert.Equal("/lb-acme", request.Path);
        Assert.Contains("restype=container", request.Query, StringComparison.Ordinal);
        Assert.Equal("Bearer token-from-the-managed-identity", request.Authorization);
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes.Distinct());
    }

    [Fact]
    public void Outside_a_container_the_callers_credential_signs_in()
    {
        using var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var options = new StoreOptions { ServiceUri = new Uri("https://acct.blob.core.windows.net/"), Container = "lb-acme" };

        var container = StoreServiceCollectionExtensions.CreateContainerClient(options, httpClients.GetRequiredService<IHttpClientFactory>(), new RecordingCredential("token"));

        Assert.Equal(new Uri("https://acct.blob.core.windows.net/lb-acme"), container.Uri);
        Assert.Equal("acct", container.AccountName);
        Assert.Equal("lb-acme", container.Name);
        // A key-less client cannot hand out SAS URLs: it signs in with a token instead.
        Assert.False(container.CanGenerateSasUri);
    }
}
