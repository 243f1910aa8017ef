using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LbAcme.Operator.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (kernel-chosen port) answering every request with the given handler,
/// recording each request's method, path, headers and body so a test can see what the command sent. It stands in for
/// the status function here and, through <see cref="ActionServer"/>, for the operator functions.
/// </summary>
internal sealed class StatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public sealed record Seen(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public static async Task<StatusServer> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StatusServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            server!.Requests.Enqueue(new Seen(context.Request.Method, context.Request.Path.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync()));
            await answer(context);
        });
        await app.StartAsync();
        server = new StatusServer(app, new Uri(app.Urls.Single()));
        return server;
    }

    /// <summary>Answers 200 with <paramref name="json"/> as application/json.</summary>
    public static Task<StatusServer> ServingAsync(string json) => StartAsync(async context =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    });

    /// <summary>Answers every request with <paramref name="statusCode"/> and no body.</summary>
    public static Task<StatusServer> AnsweringAsync(int statusCode) => StartAsync(context =>
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync()
    {
        // Hanging handlers end when Kestrel aborts their requests at the deadline.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token);
        await _app.DisposeAsync();
    }
}
