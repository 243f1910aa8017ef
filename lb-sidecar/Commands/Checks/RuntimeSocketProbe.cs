using System.Net.Sockets;
using LbAcme.Sidecar.HaProxy;
using LbAcme.Sidecar.Logging;

namespace LbAcme.Sidecar.Commands.Checks;

/// <summary>
/// HAProxy's Runtime API socket, used for every certificate swap: it exists, this user may connect, and
/// <c>show info</c> answers as HAProxy does.
/// </summary>
internal static class RuntimeSocketProbe
{
    private const string Name = "haproxy socket";

    public static Task<CheckRow> RunAsync(string socketPath, string reloadCommand, TimeSpan timeout, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(socketPath))
        {
            return Task.FromResult(new CheckRow(Name, "-", false, TimeSpan.Zero, true,
                $"none configured (Fleet:HaProxy:RuntimeSocket): every deploy runs '{reloadCommand}'"));
        }
        return BoundedProbe.RunAsync(Name, socketPath, time, async cancellationToken =>
        {
            var started = time.GetTimestamp();
            if (!File.Exists(socketPath))
            {
                return new CheckRow(Name, socketPath, false, time.GetElapsedTime(started), false,
                    "missing: is HAProxy running with 'stats socket " + socketPath + " ... level admin' (lb-sidecar render haproxy writes it)?");
            }
            try
            {
                var answer = await new RuntimeApiClient(socketPath, timeout).SendAsync("show info\n", cancellationToken);
                var info = answer.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
                return info.TryGetValue("Name", out var name) && name == "HAProxy"
                    ? new CheckRow(Name, socketPath, true, time.GetElapsedTime(started), true,
                        $"show info: HAProxy {info.GetValueOrDefault("Version", "?")}, pid {info.GetValueOrDefault("Pid", "?")}")
                    : new CheckRow(Name, socketPath, true, time.GetElapsedTime(started), false,
                        $"answered, but not as HAProxy's Runtime API does: '{FailureReason.FirstLine(answer)}'");
            }
            catch (RuntimeApiUnreachableException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AccessDenied })
            {
                var (uid, _) = Posix.EffectiveIds();
                return new CheckRow(Name, socketPath, true, time.GetElapsedTime(started), false,
                    $"connect denied to uid {uid} (socket mode {UnixMode.Of(socketPath)}): set 'stats socket ... mode/user/group' so this user may connect");
            }
            catch (RuntimeApiUnreachableException e)
            {
                return new CheckRow(Name, socketPath, false, time.GetElapsedTime(started), false, $"{e.Message}: is HAProxy running?");
            }
        });
    }
}
