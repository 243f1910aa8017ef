using System.Net;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Events;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// The sidecar's app-port handler in a real Kestrel on loopback, with the sidecar's global 1 KiB body limit, for LB
/// lb0 with two certificates ("lbacme-lb0", "lbacme-api-lb0"): real HTTP, every answer and counter observable.
/// </summary>
internal sealed class AppPortHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SidecarMetrics _metrics;

    private AppPortHost(WebApplication app, RoundWake wake, SidecarMetrics metrics, RecordingLogger<EventLog> log, Uri address)
    {
        _app = app;
        Wake = wake;
        _metrics = metrics;
        Log = log;
        Address = address;
    }

    public static readonly string[] StoreNames = ["lbacme-lb0", "lbacme-api-lb0"];

    public RoundWake Wake { get; }

    public RecordingLogger<EventLog> Log { get; }

    public Uri Address { get; }

    public static async Task<AppPortHost> StartAsync(string? appToken = null)
    {
        var target = new SyncTarget("lb0", [Certificate("default", StoreNames[0]), Certificate("api", StoreNames[1])], null, "", "");
        var wake = new RoundWake(TimeProvider.System, TimeSpan.FromSeconds(2));
        var metrics = new SidecarMetrics();
        var log = new RecordingLogger<EventLog>();
        var listener = new DaprAppListener(target, wake, new AppApiToken(appToken), new EventMetrics(metrics), new EventLog(TimeProvider.System, log));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 1024; // the sidecar's, for every listener
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(listener.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AppPortHost(app, wake, metrics, log, new Uri(address));
    }

    /// <summary>The value of one series of the event counters.</summary>
    public async Task<double> CounterAsync(string name, string label, string value)
    {
        using var text = new MemoryStream();
        await _metrics.Registry.CollectAndExportAsTextAsync(text);
        var line = System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n')
            .Single(l => l.StartsWith($"{name}{{{label}=\"{value}\"}} ", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CertificateTarget Certificate(string name, string storeName) => new(name, storeName, ["svc.example.test"], $"/tmp/{name}.pem", $"/tmp/{name}.pem");
}

/// <summary>Every line logged, with its level and event id.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, int EventId, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, int EventId, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
