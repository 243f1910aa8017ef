using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram of <c>KEY=value</c> lines to the unix socket in $NOTIFY_SOCKET
/// (a path, or an abstract name written with a leading '@'). Without $NOTIFY_SOCKET (not started by systemd, or a
/// unit that is not Type=notify) nothing is sent. Telling systemd is never worth failing for: a send that fails or
/// takes longer than a second is logged once and dropped, and the next state is sent as usual.
/// </summary>
internal sealed partial class SystemdNotifier(string? socketPath, Func<ILogger> logger)
{
    public const string SocketVariable = "NOTIFY_SOCKET";
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);
    private int _failuresLogged;

    public static SystemdNotifier FromEnvironment(Func<ILogger> logger) => new(Environment.GetEnvironmentVariable(SocketVariable), logger);

    public bool Enabled => !string.IsNullOrEmpty(socketPath);

    /// <summary>The listeners accept and the configuration is applied: at start, and at the end of every reload (refused or not).</summary>
    public Task ReadyAsync(string status) => SendAsync($"READY=1\nSTATUS={status}");

    /// <summary>
    /// A reload begins. MONOTONIC_USEC lets systemd (Type=notify-reload, or `systemctl reload` waiting on ExecReload)
    /// tell this reload's READY=1 from an earlier one.
    /// </summary>
    public Task ReloadingAsync(string status) =>
        SendAsync($"RELOADING=1\nMONOTONIC_USEC={LinuxCalls.MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture)}\nSTATUS={status}");

    public Task StoppingAsync(string status) => SendAsync($"STOPPING=1\nSTATUS={status}");

    public Task WatchdogAsync() => SendAsync("WATCHDOG=1");

    private async Task SendAsync(string message)
    {
        if (!Enabled)
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(SendTimeout);
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            var path = socketPath!.StartsWith('@') ? "\0" + socketPath[1..] : socketPath;
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), SocketFlags.None, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException or IOException)
        {
            // Once: a socket that is gone stays gone, and the watchdog would repeat this every few seconds.
            if (Interlocked.Exchange(ref _failuresLogged, 1) == 0)
            {
                LogNotifyFailed(logger(), socketPath!, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 3701, Level = LogLevel.Warning, Message = "Cannot notify systemd at {Socket}: {Error}; the service keeps running, systemd may consider it not ready or hung")]
    private static partial void LogNotifyFailed(ILogger logger, string socket, string error);
}
