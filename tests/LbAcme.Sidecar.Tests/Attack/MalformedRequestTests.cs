using System.Net;
using System.Text;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding 4 of the attack run: <c>GET /\x01</c> was a 500 with a stack trace in the log (the raw target went into
/// the redirect's Location, which refuses control bytes), 48 MB of log in 5 s. Every malformed request is a client
/// error: a 4xx, and nothing but (rate-limited, debug) noise in the log.
/// </summary>
[Collection(AttackFleetGroup.Name)]
public sealed class MalformedRequestTests(AttackFleet fleet)
{
    /// <summary>Every control byte but CR and LF (which end the line), DEL, and bytes that are not ASCII.</summary>
    private static readonly byte[] Bad = [.. Enumerable.Range(0x01, 0x1F).Where(b => b is not ('\r' or '\n')).Select(b => (byte)b), 0x7F, 0x80, 0xC3, 0xFF];

    public static TheoryData<string> Places => ["path", "query", "host", "token"];

    [Theory]
    [MemberData(nameof(Places))]
    public async Task A_control_or_non_ASCII_byte_is_a_4xx_and_no_stack_trace(string place)
    {
        var sidecar = fleet.Lb0;
        var linesBefore = SidecarLog.Lines(sidecar).Length;
        var failures = new List<string>();

        foreach (var bad in Bad)
        {
            var request = Request(place, bad);
            var exchange = await RawExchange.SendAsync(new IPEndPoint(sidecar.Address, sidecar.HttpPort), request);
            if (exchange.Status is not (>= 400 and < 500))
            {
                failures.Add($"0x{bad:X2} in the {place}: {exchange.Head}");
            }
        }

        Assert.Empty(failures);
        Assert.Empty(SidecarLog.ExceptionLines(sidecar));
        Assert.True(SidecarLog.Lines(sidecar).Length - linesBefore <= 2, "the log grew with the malformed requests:\n" + sidecar.Output[^Math.Min(4000, sidecar.Output.Length)..]);
        Assert.False(sidecar.HasExited);
    }

    [Fact]
    public async Task The_peer_port_answers_a_control_byte_with_a_4xx_too()
    {
        var sidecar = fleet.Lb1;
        var failures = new List<string>();

        foreach (var bad in Bad)
        {
            var exchange = await RawExchange.SendAsync(new IPEndPoint(sidecar.Address, sidecar.PeerPort), Request("token", bad), IPAddress.Parse("127.0.8.9"));
            if (exchange.Status is not (>= 400 and < 500))
            {
                failures.Add($"0x{bad:X2}: {exchange.Head}");
            }
        }

        Assert.Empty(failures);
        Assert.Empty(SidecarLog.ExceptionLines(sidecar));
    }

    private static byte[] Request(string place, byte bad)
    {
        var (path, host) = place switch
        {
            "path" => ("/a" + (char)bad + "b", "svc.example.test"),
            "query" => ("/a?q=" + (char)bad, "svc.example.test"),
            "host" => ("/a", "svc" + (char)bad + ".example.test"),
            _ => ("/.well-known/acme-challenge/tok" + (char)bad + "en", "svc.example.test"),
        };
        return Encoding.Latin1.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    }
}
