using System.Runtime.InteropServices;
using System.Threading.Channels;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Sync;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// The daemon across reloads. It binds the listening sockets once (<see cref="ListeningSockets"/>) and runs one
/// <see cref="Generation"/> at a time on them. SIGHUP, or a change of the configuration file's content
/// (<see cref="ConfigurationFileWatcher"/>: a certificate added to or removed from the fleet), reads the configuration again; a configuration that cannot
/// be read, fails validation or needs an address that cannot be bound is refused with its errors, and the running
/// generation keeps serving untouched. A good one is built beside the running one, the old loops stop, the new
/// generation starts accepting on the same sockets, and only then does the old one stop accepting and finish what it
/// has: at every moment some generation accepts, and a connection arriving in between waits in the kernel's queue.
/// Reloads and shutdown are handled one at a time by one loop, so no two of them ever interleave. systemd is told
/// each state (<see cref="SystemdNotifier"/>).
/// </summary>
internal sealed partial class Daemon(GenerationFactory factory) : IDisposable
{
    /// <summary>How long a retiring generation keeps serving after it stopped accepting, so a connection it accepted just before gets its request read.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait for requests in flight when a generation stops (a fan-out is bounded by the peer timeouts); then they are cut.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Channel<bool> _reloads = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ListeningSockets _sockets = new();
    private Generation? _current;
    private ConfigurationFileWatcher? _watcher;

    private ILogger Logger => _current?.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Runs until SIGTERM or SIGINT; the exit code.</summary>
    public async Task<int> RunAsync(ValidatedConfiguration first)
    {
        var exitCode = SidecarCommandLine.Failed;
        // All of it on the background scheduler: a socket await (a notify, a probe) may otherwise resume on the event loop.
        await BackgroundScheduler.Run(async () => exitCode = await SuperviseAsync(first), CancellationToken.None);
        return exitCode;
    }

    private async Task<int> SuperviseAsync(ValidatedConfiguration first)
    {
        var notifier = SystemdNotifier.FromEnvironment(() => Logger);
        // Before the sockets listen: from then on a supervisor may signal, and SIGHUP's default action would end the
        // process. A signal that arrives during the start is handled once the first generation serves.
        using var signals = HandleSignals();
        try
        {
            if (!_sockets.TryBind(first.Endpoints, out var error))
            {
                await Console.Error.WriteLineAsync($"lb-sidecar: {error}");
                return SidecarCommandLine.Failed;
            }
            _current = factory.Build(1, first, _sockets.Lend(first.Endpoints), null);
            try
            {
                await _current.StartAsync(CancellationToken.None);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"lb-sidecar: cannot listen: {e.Message}");
                return SidecarCommandLine.Failed;
            }
            await notifier.ReadyAsync(Serving(_current));
            using var stopWatchdog = new CancellationTokenSource();
            var watchdog = Watchdog.IntervalFromEnvironment() is { } interval
                ? new Watchdog(notifier, interval, TimeProvider.System, () => Logger).RunAsync(stopWatchdog.Token)
                : Task.CompletedTask;
            _watcher = factory.WatchedFile is { } file ? new ConfigurationFileWatcher(file, ConfigurationFileWatcher.DefaultInterval, TimeProvider.System, FileChanged) : null;
            var watcher = _watcher?.RunAsync(stopWatchdog.Token) ?? Task.CompletedTask;
            while (await NextAsync())
            {
                await notifier.ReloadingAsync("Reloading the configuration");
                var status = await ReloadAsync();
                await notifier.ReadyAsync(status);
            }
            // The watchdog stops first: systemd stops watching at STOPPING=1, and a ping after it would be the last word.
            await stopWatchdog.CancelAsync();
            await StopQuietlyAsync(() => watchdog);
            await StopQuietlyAsync(() => watcher);
            await notifier.StoppingAsync("Stopping: finishing requests in flight");
            var last = _current;
            using var timeout = new CancellationTokenSource(StopTimeout);
            await StopQuietlyAsync(() => last.StopAsync(timeout.Token));
            return SidecarCommandLine.Ok;
        }
        finally
        {
            if (_current is not null)
            {
                await _current.DisposeAsync();
            }
            _sockets.Dispose();
        }
    }

    public void Dispose() => _sockets.Dispose();

    /// <summary>True for a reload, false for shutdown (which wins when both are pending).</summary>
    private async Task<bool> NextAsync()
    {
        var reload = _reloads.Reader.WaitToReadAsync().AsTask();
        await Task.WhenAny(_stop.Task, reload);
        return !_stop.Task.IsCompleted && _reloads.Reader.TryRead(out _);
    }

    /// <summary>One reload; the status line for systemd. Every way out leaves exactly one generation serving.</summary>
    private async Task<string> ReloadAsync()
    {
        var running = _current!;
        LogReloading(running.Logger, running.Number);
        _watcher?.Reading();
        // The loader's errors name the file, and for a JSON error the line and column.
        var (read, unreadable) = factory.Read();
        if (read is null)
        {
            foreach (var error in unreadable)
            {
                LogRefusedUnreadable(running.Logger, error);
            }
            return Refused(running, "the configuration cannot be read");
        }
        var (errors, valid) = await factory.ValidateAsync(read);
        if (valid is null)
        {
            foreach (var error in errors)
            {
                LogRefused(running.Logger, error);
            }
            return Refused(running, $"{errors.Count} configuration error(s)");
        }
        if (!_sockets.TryBind(valid.Endpoints, out var bindError))
        {
            LogRefused(running.Logger, bindError);
            return Refused(running, bindError);
        }
        var next = await StartNextAsync(running, valid);
        if (next is null)
        {
            _sockets.CloseAllBut(running.Configuration.Endpoints);
            return Refused(running, "the new configuration did not start");
        }
        _current = next;
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await StopQuietlyAsync(() => running.RetireAsync(Settle, timeout.Token));
        }
        await running.DisposeAsync();
        _sockets.CloseAllBut(valid.Endpoints);
        LogReloaded(next.Logger, next.Number);
        return Serving(next);
    }

    /// <summary>
    /// Builds and starts the next generation; null (the running one untouched, its loops running again) when that fails.
    /// The running loops stop first, so no two certificate syncs ever talk to HAProxy at once.
    /// </summary>
    private async Task<Generation?> StartNextAsync(Generation running, ValidatedConfiguration valid)
    {
        // Tokens keep being served from the running cache until the new sync's first listing replaces them; a
        // configuration without a store starts empty, rather than serving tokens nothing will ever update.
        ChallengeCache? handedOver = running.Configuration.Parts.ChallengeSync && valid.Parts.ChallengeSync ? running.ChallengeCache : null;
        Generation next;
        try
        {
            next = factory.Build(running.Number + 1, valid, _sockets.Lend(valid.Endpoints), handedOver);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
        {
            LogRefusedBuild(running.Logger, e.Message);
            return null;
        }
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await StopQuietlyAsync(() => running.StopLoopsAsync(timeout.Token));
        }
        try
        {
            // Not under a timeout: the loops' stopping token is linked to this one for their whole life.
            await next.StartAsync(CancellationToken.None);
            return next;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
        {
            LogRefusedBuild(running.Logger, e.Message);
            await next.DisposeAsync();
            await running.RestartLoopsAsync(CancellationToken.None);
            return null;
        }
    }

    /// <summary>The configuration file changed: one reload, as for SIGHUP (several changes during a reload are one more).</summary>
    private void FileChanged()
    {
        LogFileChanged(Logger, factory.WatchedFile!);
        _reloads.Writer.TryWrite(true);
    }

    private Registrations HandleSignals()
    {
        void Reload(PosixSignalContext context)
        {
            context.Cancel = true;
            _reloads.Writer.TryWrite(true); // a SIGHUP during a reload is one more reload, not one per signal
        }
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            _stop.TrySetResult();
        }
        return new Registrations(
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Reload),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop));
    }

    /// <summary>A stop cut short by its timeout has still stopped (Kestrel aborted what was left); that is not a reason to fail.</summary>
    private static async Task StopQuietlyAsync(Func<Task> stop)
    {
        try
        {
            await stop();
        }
        catch (OperationCanceledException)
        {
            // The timeout: requests still in flight were aborted.
        }
    }

    private static string Serving(Generation generation) =>
        $"Serving {generation.Configuration.LoadBalancer} (configuration {generation.Number})";

    private static string Refused(Generation running, string why) =>
        $"Reload refused ({why}); serving {running.Configuration.LoadBalancer} (configuration {running.Number})";

    private sealed class Registrations(params PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
