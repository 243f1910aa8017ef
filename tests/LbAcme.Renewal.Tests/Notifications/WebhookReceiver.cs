using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// A real HTTP webhook receiver on loopback (Kestrel, an ephemeral port) that records every request it got: path with
/// query, content type and body. It answers as told: <see cref="Answer.Accept"/> (202, as a Teams workflow does),
/// <see cref="Answer.Fail"/> (500) or <see cref="Answer.Never"/> (reads the request, then holds the connection until
/// the client gives up, at most two minutes). Its URL carries a secret path and query, as Slack's and Teams' do.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string SecretPath = "/hooks/T000/B000/path-secret-XYZ";
    public const string SecretQuery = "sig=query-secret-ABC123";

    private static readonly TimeSpan NeverLimit = TimeSpan.FromMinutes(2);
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public enum Answer
    {
        Accept,
        Fail,
        Never,
    }

    public sealed record Received(string PathAndQuery, string? ContentType, string Body, DateTimeOffset At);

    public Uri Url { get; }

    public Answer Mode { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(Answer mode = Answer.Accept)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            receiver!.Requests.Enqueue(new Received(context.Request.Path + context.Request.QueryString, context.Request.ContentType, body, DateTimeOffset.UtcNow));
            switch (receiver.Mode)
            {
                case Answer.Fail:
                    return Results.StatusCode(500);
                case Answer.Never:
                    await Task.Delay(NeverLimit, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.StatusCode(504);
                default:
                    return Results.StatusCode((int)HttpStatusCode.Accepted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, new Uri($"{address}{SecretPath}?{SecretQuery}")) { Mode = mode };
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
