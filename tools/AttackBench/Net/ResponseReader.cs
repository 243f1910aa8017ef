using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace LbAcme.AttackBench.Net;

/// <summary>
/// Reads HTTP/1.1 responses from a socket, one after another on a kept-alive connection. Only what the bench
/// checks is parsed (status, Location, Content-Length, Connection); anything else malformed is a null response.
/// </summary>
internal sealed class ResponseReader(Socket socket)
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 64 * 1024;
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <summary>The next response, or null when the connection ended (or sent garbage) before a whole one arrived.</summary>
    public async Task<RawResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(0, _length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_length >= MaxHeaderBytes || !await FillAsync(cancellationToken))
            {
                return null;
            }
        }
        var head = Encoding.ASCII.GetString(_buffer, 0, headerEnd).Split("\r\n");
        var statusLine = head[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }
        string? location = null;
        var close = statusLine[0] != "HTTP/1.1";
        long? contentLength = null;
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Location", StringComparison.OrdinalIgnoreCase))
            {
                location = value;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase))
            {
                close = true;
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                contentLength = n;
            }
        }
        var bodyStart = headerEnd + 4;
        if (contentLength is null)
        {
            // No length: the body runs to the end of the connection.
            while (_length - bodyStart < MaxBodyBytes && await FillAsync(cancellationToken))
            {
            }
            return new RawResponse(status, location, Take(bodyStart, _length - bodyStart), Close: true);
        }
        if (contentLength > MaxBodyBytes)
        {
            return null;
        }
        while (_length - bodyStart < contentLength)
        {
            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }
        return new RawResponse(status, location, Take(bodyStart, (int)contentLength.Value), close);
    }

    private byte[] Take(int start, int count)
    {
        var body = _buffer.AsSpan(start, count).ToArray();
        var rest = _length - start - count;
        _buffer.AsSpan(start + count, rest).CopyTo(_buffer);
        _length = rest;
        return body;
    }

    /// <summary>Reads more; false at the end of the connection.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        try
        {
            var n = await socket.ReceiveAsync(_buffer.AsMemory(_length), SocketFlags.None, cancellationToken);
            _length += n;
            return n > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
