using System.Net;
using System.Net.Sockets;
using System.Text;
using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Render;

/// <summary>
/// keepalived-haproxy-check, the vrrp_script every rendered instance tracks, against a real HAProxy: it passes
/// while HAProxy answers on its Runtime API socket and fails, saying why, once HAProxy is gone or something else
/// answers there.
/// </summary>
public sealed class HaProxyCheckScriptTests : IDisposable
{
    private readonly FleetFiles _files = new();

    private static string Script => Path.Combine(InfraPaths.Packaging, "keepalived-haproxy-check");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task It_passes_while_HAProxy_answers_and_fails_once_HAProxy_is_killed()
    {
        _files.WriteThrowawayPem();
        var haproxy = await HaProxyFixture.StartAsync(_files.Directory, _files.PemPath, IPAddress.Loopback);
        CommandResult alive;
        try
        {
            alive = await Command.RunAsync(Script, [haproxy.SocketPath], TimeSpan.FromSeconds(10));
        }
        finally
        {
            await haproxy.DisposeAsync();
        }
        var dead = await Command.RunAsync(Script, [haproxy.SocketPath], TimeSpan.FromSeconds(10));

        Assert.True(alive.ExitCode == 0, alive.ToString());
        Assert.Equal(1, dead.ExitCode);
        Assert.Contains($"keepalived-haproxy-check: {haproxy.SocketPath}: cannot connect", dead.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_that_is_not_HAProxy_fails_the_check()
    {
        var path = Path.Combine(_files.Directory, "other.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var answer = AnswerOnceAsync(listener, "Unknown command.\n");

        var result = await Command.RunAsync(Script, [path], TimeSpan.FromSeconds(10));
        await answer;

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a running HAProxy: Unknown command.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_its_socket_argument_it_refuses_with_its_usage()
    {
        var result = await Command.RunAsync(Script, [], TimeSpan.FromSeconds(10));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_script_is_executable_and_writable_only_by_its_owner()
    {
        var mode = File.GetUnixFileMode(Script);

        Assert.True(mode.HasFlag(UnixFileMode.UserExecute) && mode.HasFlag(UnixFileMode.OtherExecute), mode.ToString());
        Assert.False(mode.HasFlag(UnixFileMode.GroupWrite) || mode.HasFlag(UnixFileMode.OtherWrite), mode.ToString());
    }

    private static async Task AnswerOnceAsync(Socket listener, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var peer = await listener.AcceptAsync(timeout.Token);
        var buffer = new byte[64];
        _ = await peer.ReceiveAsync(buffer, timeout.Token);
        await peer.SendAsync(Encoding.ASCII.GetBytes(text), timeout.Token);
    }
}
