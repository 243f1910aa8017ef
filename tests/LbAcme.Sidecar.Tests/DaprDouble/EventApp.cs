using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LbAcme.Sidecar.Tests.DaprDouble;

/// <summary>
/// A tiny real app on 127.0.0.1 for the double to deliver to: it answers GET /dapr/subscribe with the given body
/// (404 when none), and every POST with what <c>answer</c> says for the n-th POST, recording what it received and
/// how many POSTs it held at once (each held for <c>hold</c>, so that concurrent deliveries overlap).
/// </summary>
internal sealed class EventApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;

    private EventApp(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<ReceivedEvent> Received { get; } = new();

    /// <summary>The most POSTs the app was handling at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<EventApp> StartAsync(Func<int, (int Status, string Body)> answer, string? subscribe = null, TimeSpan? hold = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        EventApp? self = null;
        if (subscribe is not null)
        {
            app.MapGet("/dapr/subscribe", () => Results.Text(subscribe, "application/json"));
        }
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var inFlight = Interlocked.Increment(ref self!._inFlight);
            InterlockedMax(ref self._maxInFlight, inFlight);
            try
            {
                using var reader = new StreamReader(request.Body);
                var received = new ReceivedEvent(request.Path.Value!, request.ContentType, request.Headers["dapr-api-token"].FirstOrDefault(), await reader.ReadToEndAsync());
                self.Received.Enqueue(received);
                if (hold is { } pause)
                {
                    await Task.Delay(pause);
                }
                var (status, body) = answer(self.Received.Count);
                return Results.Text(body, "application/json", statusCode: status);
            }
            finally
            {
                Interlocked.Decrement(ref self._inFlight);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new EventApp(app, new Uri(address).Port);
        return self;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST the app received: path, Content-Type, dapr-api-token header, body.</summary>
internal sealed record ReceivedEvent(string Path, string? ContentType, string? Token, string Body);
