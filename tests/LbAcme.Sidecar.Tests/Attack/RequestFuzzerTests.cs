using System.Globalization;
using System.Net;
using System.Text;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Random requests (<see cref="RequestFuzzer"/>) against the public and the peer listener of real sidecars: a fixed
/// number of cases with a fixed seed here, more on demand (<c>LBACME_FUZZ_CASES</c>, <c>LBACME_FUZZ_SEED</c>).
/// Whatever arrives: never a server error, an answer within the deadline (an empty one only where admission closed
/// the connection), no stack trace in the log, and the daemons still serve a real token afterwards.
/// </summary>
[Collection(AttackFleetGroup.Name)]
public sealed class RequestFuzzerTests(AttackFleet fleet)
{
    private const int DefaultCases = 600;
    private const int DefaultSeed = 18_2026;

    [Fact]
    public async Task Random_requests_never_get_a_server_error_a_hang_or_a_stack_trace()
    {
        var cases = Setting("LBACME_FUZZ_CASES", DefaultCases);
        var seed = Setting("LBACME_FUZZ_SEED", DefaultSeed);
        var fuzzer = new RequestFuzzer(seed);
        var requests = Enumerable.Range(0, cases).Select(_ => fuzzer.Next()).ToArray();
        var listeners = new (IPEndPoint Endpoint, IPAddress Source, bool Admitted)[]
        {
            (new(fleet.Lb0.Address, fleet.Lb0.HttpPort), IPAddress.Parse("127.77.3.1"), true),
            (new(fleet.Lb1.Address, fleet.Lb1.PeerPort), IPAddress.Parse("127.0.8.9"), true),
            (new(fleet.Lb1.Address, fleet.Lb1.PeerPort), IPAddress.Parse("127.77.3.2"), false),
        };
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(Math.Max(2, cases / 500)));
        await Parallel.ForAsync(0, cases, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = deadline.Token }, async (i, _) =>
        {
            var (endpoint, source, admitted) = listeners[i % listeners.Length];
            var exchange = await RawExchange.SendAsync(endpoint, requests[i], source);
            if (Violation(requests[i], exchange, admitted) is { } violation)
            {
                failures.Add($"case {i} (seed {seed}) to {endpoint} from {source}: {violation}\n  request: {Printable(requests[i])}\n  response: {Printable(exchange.Response)}");
            }
        });
        var (token, keyAuthorization) = await fleet.Lb1TokenAsync();
        using var viaFanOut = await fleet.Http.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + token));
        using var direct = await fleet.PeerHttp.GetAsync(fleet.Lb1.PeerUri("/.well-known/acme-challenge/" + token));

        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(10)));
        Assert.False(fleet.Lb0.HasExited || fleet.Lb1.HasExited);
        Assert.Equal(keyAuthorization, await viaFanOut.Content.ReadAsStringAsync());
        Assert.Equal(keyAuthorization, await direct.Content.ReadAsStringAsync());
        Assert.Empty(SidecarLog.ExceptionLines(fleet.Lb0));
        Assert.Empty(SidecarLog.ExceptionLines(fleet.Lb1));
    }

    private static string? Violation(byte[] request, RawExchange exchange, bool admitted)
    {
        if (exchange.TimedOut)
        {
            return "no complete answer within the deadline";
        }
        if (!admitted)
        {
            return exchange.Response.Length == 0 ? null : "answered although the source is not allowed";
        }
        // The HTTP/2 preface on an HTTP/1.1-only listener: Kestrel answers in HTTP/2, a GOAWAY frame (type 7) saying HTTP_1_1_REQUIRED.
        if (request.AsSpan().StartsWith("PRI * HTTP/2.0\r\n"u8) && exchange.Response is [_, _, _, 0x07, ..])
        {
            return null;
        }
        return exchange.Status switch
        {
            null => "no HTTP response",
            // The one 5xx the protocol asks for: a major version the server does not speak (RFC 9110 15.6.6).
            505 => null,
            >= 500 => "a server error",
            _ => null,
        };
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Printable(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 300)))
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : $"\\x{b:X2}");
        }
        return bytes.Length > 300 ? text.Append($"... ({bytes.Length} bytes)").ToString() : text.ToString();
    }
}
