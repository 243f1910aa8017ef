using System.Globalization;
using LbAcme.Sidecar.Sync;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// systemd's watchdog (WatchdogSec in the unit): WATCHDOG=1 every half of $WATCHDOG_USEC, each only after the socket
/// event loop answered (<see cref="EventLoopProbe"/>). A daemon whose loop is stuck, or that has no thread left to run
/// this timer on, stops pinging and systemd restarts it; a healthy one never misses a ping on a busy box, because
/// the probe has half the interval to answer.
/// </summary>
internal sealed partial class Watchdog(SystemdNotifier notifier, TimeSpan interval, TimeProvider time, Func<ILogger> logger)
{
    private readonly TimeSpan _probeTimeout = interval / 2;

    /// <summary>Half of $WATCHDOG_USEC when systemd asks this process for pings ($WATCHDOG_PID, when set, is this process); else null.</summary>
    public static TimeSpan? IntervalFromEnvironment()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }
        return TimeSpan.FromMicroseconds(usec / 2.0);
    }

    /// <summary>On the <see cref="BackgroundScheduler"/>: the probe's receive completes on the event loop, which must not run the rest.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => BackgroundScheduler.Run(() => PingAsync(stoppingToken), stoppingToken);

    private async Task PingAsync(CancellationToken stoppingToken)
    {
        using var probe = new EventLoopProbe();
        var healthy = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            if (await probe.AnswersAsync(_probeTimeout, stoppingToken))
            {
                await notifier.WatchdogAsync();
                if (!healthy)
                {
                    var log = logger();
                    LogAnswering(log);
                }
                healthy = true;
            }
            else if (!stoppingToken.IsCancellationRequested && healthy)
            {
                var log = logger();
                LogNotAnswering(log, _probeTimeout);
                healthy = false;
            }
            var rest = interval - time.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 3702, Level = LogLevel.Error, Message = "The socket event loop did not answer within {Timeout}; no watchdog ping until it does (systemd restarts the service when WatchdogSec passes without one)")]
    private static partial void LogNotAnswering(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Information, Message = "The socket event loop answers again; watchdog pings resumed")]
    private static partial void LogAnswering(ILogger logger);
}
