using System.Net.Sockets;
using System.Text;
using LbAcme.Sidecar.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>The datagram itself: abstract-namespace sockets ('@' in NOTIFY_SOCKET), and a socket that is gone.</summary>
public sealed class SystemdNotifierTests
{
    [Fact]
    public async Task An_abstract_socket_written_with_an_at_sign_receives_the_message()
    {
        var name = "lbacme-notify-test-" + Guid.NewGuid().ToString("N");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint("\0" + name));
        var notifier = new SystemdNotifier("@" + name, () => NullLogger.Instance);

        await notifier.ReadyAsync("Serving lb0 (configuration 1)");
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await systemd.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);

        Assert.True(notifier.Enabled);
        Assert.Equal("READY=1\nSTATUS=Serving lb0 (configuration 1)", Encoding.UTF8.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task A_socket_that_is_gone_is_logged_once_and_never_throws()
    {
        var logger = new CountingLogger();
        var notifier = new SystemdNotifier(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "gone.sock"), () => logger);

        await notifier.ReadyAsync("Serving");
        await notifier.WatchdogAsync();
        await notifier.StoppingAsync("Stopping");

        Assert.Equal(1, logger.Warnings);
    }

    [Fact]
    public void Without_NOTIFY_SOCKET_nothing_is_sent()
    {
        Assert.False(new SystemdNotifier(null, () => NullLogger.Instance).Enabled);
        Assert.False(new SystemdNotifier("", () => NullLogger.Instance).Enabled);
    }

    private sealed class CountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Warnings += logLevel == LogLevel.Warning ? 1 : 0;
    }
}
