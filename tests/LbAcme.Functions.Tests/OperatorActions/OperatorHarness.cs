using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LbAcme.Acme;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Local;
using LbAcme.Functions.Queue;
using LbAcme.LocalEnvironment;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Functions.Tests.OperatorActions;

/// <summary>
/// A local fleet (real Pebble, Azurite, sidecars) under the stand-in host, and the operator functions invoked as the
/// worker invokes them: a scope, the class from it, a request with a JSON body, the result read as the client would.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private OperatorHarness(LocalFleet fleet, LocalFunctionsHost host)
    {
        Fleet = fleet;
        Host = host;
    }

    public LocalFleet Fleet { get; }

    public LocalFunctionsHost Host { get; }

    public static async Task<OperatorHarness> StartAsync()
    {
        var fleet = await LocalFleet.StartAsync(count: 2);
        try
        {
            var settings = fleet.EngineSettings();
            var host = await LocalFunctionsHost.StartAsync([.. settings.Select(s => $"--{s.Key}={s.Value}")], CancellationToken.None,
                HostJsonQueueSettings.Defaults with { VisibilityTimeout = TimeSpan.Zero });
            return new OperatorHarness(fleet, host);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fleet.DisposeAsync();
    }

    /// <summary>An AcmeClient like the engine's, on the fleet's Pebble.</summary>
    public AcmeClient Acme() => Host.Services.GetRequiredService<AcmeClient>();

    public async Task<(int Status, JsonElement Body, string? ContentType)> InvokeAsync<TFunction>(string? json, Func<TFunction, HttpRequest, CancellationToken, Task<IActionResult>> call)
        where TFunction : notnull
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Post;
        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }
        var result = Assert.IsType<JsonResult>(await call(scope.ServiceProvider.GetRequiredService<TFunction>(), context.Request, CancellationToken.None));
        var body = JsonSerializer.SerializeToElement(result.Value, ApiJson.Options);
        return (result.StatusCode ?? 200, body, result.ContentType);
    }

    public Task<(int Status, JsonElement Body, string? ContentType)> RevokeAsync(string json) =>
        InvokeAsync<AdminRevokeFunction>(json, (f, r, ct) => f.RunAsync(r, ct));

    public Task<(int Status, JsonElement Body, string? ContentType)> RollKeyAsync() =>
        InvokeAsync<AdminKeyRolloverFunction>(null, (f, r, ct) => f.RunAsync(r, ct));

    public Task<(int Status, JsonElement Body, string? ContentType)> DeactivateAsync(string? json) =>
        InvokeAsync<AdminDeactivateFunction>(json, (f, r, ct) => f.RunAsync(r, ct));

    /// <summary>The renewal queue's messages as JSON (the engine's parser may not read "certificate" yet), left on it.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueuedAsync()
    {
        var queue = new QueueClient(Fleet.Azurite.ConnectionString, RenewalQueueContract.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        PeekedMessage[] messages = (await queue.PeekMessagesAsync(32)).Value;
        return [.. messages.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement.Clone())];
    }
}
