using System.Text;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Random HTTP/1.x requests, byte for byte, from a seeded <see cref="Random"/> (the same seed gives the same
/// cases): odd methods, targets (traversal, encodings, control and non-ASCII bytes, huge tokens, absolute and
/// asterisk forms), versions, and headers (bad or duplicate Host, CL and TE together, obs-fold, oversize). Every
/// request has a complete head, so a server that waits for more is a server that hangs.
/// </summary>
internal sealed class RequestFuzzer(int seed)
{
    private const string Challenge = "/.well-known/acme-challenge/";
    private static readonly string[] Methods = ["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "get", "GeT", "PRI", "BREW", "G\u0001T", ""];
    private static readonly string[] Versions = ["HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/9.9", "HTTP/1.1 x", "http/1.1", "HTTP/1.10", ""];
    private static readonly string[] Tokens =
    [
        "", "..", "../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2f", "%252e%252e%252f", "..\\..\\windows", "%00", "abc%00def",
        "%ff%fe", "%c0%af", "tok.en", "tok en", "tok=", "a/b", "%E2%80%AE", "AAAA%", "%%", "%zz", "~root", "$(id)", "';--", "<script>",
    ];
    private static readonly string[] Hosts =
    [
        "svc.example.test", "svc.example.test:80", "SVC.EXAMPLE.TEST.", "127.0.0.1", "[::1]:80", "[::1", "evil.example/path", "a@evil.example",
        "evil.example:80:80", "evil.example:x", "", " ", "xn--bcher-kva.example", "-bad-.example", "a..b", "localhost", "[fe80::1%eth0]",
    ];

    private const string Breakers = "%/\\.?#&=;: \"<>";
    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        var request = new StringBuilder();
        var newline = _random.Next(20) == 0 ? "\n" : "\r\n";
        request.Append(Method()).Append(' ').Append(Target()).Append(' ').Append(Pick(Versions)).Append(newline);
        var body = AppendHeaders(request, newline);
        request.Append(newline).Append(body);
        return Encoding.Latin1.GetBytes(request.ToString());
    }

    private string Method() => _random.Next(30) == 0 ? new string('M', _random.Next(1, 9000)) : Pick(Methods);

    private string Target() => _random.Next(12) switch
    {
        0 => "/",
        1 => "*",
        2 => "http://svc.example.test" + Challenge + Token(),
        3 => "http://evil.example/" + Junk(8),
        4 => "svc.example.test:80",
        5 => "//double/slash/" + Junk(4),
        6 => "/?" + Junk(20),
        7 => "/" + Junk(30),
        8 => new string('/', _random.Next(1, 300)),
        _ => Challenge + Token() + (_random.Next(4) == 0 ? "?" + Junk(10) : ""),
    };

    private string Token() => _random.Next(6) switch
    {
        0 => Pick(Tokens),
        1 => new string('A', _random.Next(100, 20_000)),
        2 => Junk(43),
        3 => Base64Url(_random.Next(1, 129)),
        _ => Base64Url(43),
    };

    /// <summary>Headers, and the body they announce (sometimes announced differently twice: the smuggling shapes).</summary>
    private string AppendHeaders(StringBuilder request, string newline)
    {
        var hosts = _random.Next(10) switch
        {
            0 => 0,
            1 => 2,
            _ => 1,
        };
        for (var i = 0; i < hosts; i++)
        {
            request.Append("Host: ").Append(_random.Next(8) == 0 ? Junk(12) : Pick(Hosts)).Append(newline);
        }
        var body = "";
        switch (_random.Next(10))
        {
            case 0:
                request.Append("Content-Length: 5").Append(newline).Append("Transfer-Encoding: chunked").Append(newline);
                body = "5\r\nhello\r\n0\r\n\r\n";
                break;
            case 1:
                request.Append("Content-Length: 5").Append(newline).Append("Content-Length: 6").Append(newline);
                body = "hello!";
                break;
            case 2:
                request.Append("Transfer-Encoding: chunked, identity").Append(newline);
                body = "5\r\nhello\r\n0\r\n\r\n";
                break;
            case 3:
                request.Append("Transfer-Encoding : chunked").Append(newline);
                body = "0\r\n\r\n";
                break;
            case 4:
                request.Append("Content-Length: ").Append(_random.Next(4) == 0 ? "-1" : "2000").Append(newline);
                body = new string('b', 2000);
                break;
        }
        var extra = _random.Next(8) == 0 ? _random.Next(60, 120) : _random.Next(0, 4);
        for (var i = 0; i < extra; i++)
        {
            request.Append(_random.Next(5) switch
            {
                0 => "X-Folded: a" + newline + " continued",
                1 => "Lb-Acme-Owner: " + Junk(8),
                2 => "X-Long: " + new string('v', _random.Next(100, 20_000)),
                3 => Junk(6) + ": " + Junk(6),
                _ => "Connection: " + Pick(["close", "keep-alive", "upgrade", Junk(5)]),
            }).Append(newline);
        }
        return body;
    }

    /// <summary>Printable ASCII mixed with the bytes that break parsers: control bytes, DEL, non-ASCII, % and spaces.</summary>
    private string Junk(int length)
    {
        var chars = new char[_random.Next(1, length + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = _random.Next(6) switch
            {
                0 => (char)_random.Next(0x01, 0x20),
                1 => (char)_random.Next(0x7F, 0x100),
                2 => Breakers[_random.Next(Breakers.Length)],
                _ => (char)_random.Next(0x21, 0x7F),
            };
            if (chars[i] is '\r' or '\n')
            {
                chars[i] = '_'; // a line break would end the head early and leave the rest as a second, partial request
            }
        }
        return new string(chars);
    }

    private string Base64Url(int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[_random.Next(Alphabet.Length)];
        }
        return new string(chars);
    }

    private string Pick(string[] choices) => choices[_random.Next(choices.Length)];
}
