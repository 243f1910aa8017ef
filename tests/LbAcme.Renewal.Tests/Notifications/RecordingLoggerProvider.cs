using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>Every log line of every category, as text and as its structured properties (what Application Insights would keep).</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public sealed record Line(string Category, int EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Properties, string? Exception);

    public ConcurrentQueue<Line> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Lines);

    public void Dispose()
    {
    }

    /// <summary>Everything written, message, properties and exceptions, for "never appears anywhere" assertions.</summary>
    public string AllText() => string.Join('\n', Lines.Select(l => $"{l.Category} {l.Message} {string.Join(' ', l.Properties.Select(p => $"{p.Key}={p.Value}"))} {l.Exception}"));

    private sealed class Recorder(string category, ConcurrentQueue<Line> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IReadOnlyList<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value?.ToString()) : [];
            lines.Enqueue(new Line(category, eventId.Id, logLevel, formatter(state, exception), properties, exception?.ToString()));
        }
    }
}
