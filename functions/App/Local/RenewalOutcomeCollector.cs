using System.Collections.Concurrent;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Functions;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Local;

/// <summary>
/// Reads the one structured line RenewLb writes per LB and certificate (EventId 3001) from the log stream, by its properties —
/// what the Azure alerts read in Application Insights — so the stand-in host can report and set its exit code.
/// </summary>
public sealed class RenewalOutcomeCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LocalOutcome> _outcomes = new();

    public IReadOnlyList<LocalOutcome> Outcomes => [.. _outcomes];

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    public void Dispose()
    {
    }

    private sealed class Collector(RenewalOutcomeCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != FunctionLog.RenewalEndedEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                return;
            }
            string? Get(string name) => properties.FirstOrDefault(p => p.Key == name).Value?.ToString();
            owner._outcomes.Enqueue(new LocalOutcome(Get("Lb") ?? "?", Get("Outcome") ?? "?", Get("Reason"), Get("Serial"), Get("NotAfter"), Get("Certificate") ?? FleetCertificates.DefaultName));
        }
    }
}

/// <summary>One RenewLb invocation's result for one certificate of its LB, as its log line carried it.</summary>
public sealed record LocalOutcome(string Lb, string Outcome, string? Reason, string? Serial, string? NotAfter, string Certificate = FleetCertificates.DefaultName)
{
    public bool Failed => Outcome is "Failed" or "Poisoned";

    public override string ToString() =>
        $"{(Certificate == FleetCertificates.DefaultName ? Lb : $"{Lb} {Certificate}")}: {Outcome}" + (Serial is null ? string.Empty : $" serial {Serial}") + (NotAfter is null ? string.Empty : $" not after {NotAfter}")
        + (Reason is null ? string.Empty : $" ({Reason})");
}
