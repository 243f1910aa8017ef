using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LbAcme.Operator.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 standing in for the function app's operator functions: it answers with the given
/// status and body and records each request's method, path, headers and body, so a test sees what the command sent.
/// </summary>
internal sealed class ActionServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ActionServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public sealed record Seen(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    public Uri Url { get; }

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public static async Task<ActionServer> StartAsync(int status, string? body, string contentType = "application/json", TimeSpan? delay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ActionServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            server!.Requests.Enqueue(new Seen(context.Request.Method, context.Request.Path.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync()));
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted);
            }
            context.Response.StatusCode = status;
            if (status is 301 or 302 or 307)
            {
                context.Response.Headers.Location = "http://127.0.0.1:9/api/operator/revoke";
            }
            if (body is not null)
            {
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body);
            }
        });
        await app.StartAsync();
        server = new ActionServer(app, new Uri(app.Urls.Single()));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token);
        await _app.DisposeAsync();
    }
}
