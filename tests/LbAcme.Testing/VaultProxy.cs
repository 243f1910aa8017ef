using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LbAcme.Testing;

/// <summary>
/// An HTTPS proxy (HTTP CONNECT) on loopback for processes started with <see cref="Environment"/>: a tunnel to
/// a name under <c>.vault.azure.net</c> ends at the <see cref="KeyVaultDouble"/>, one to a loopback address at that
/// address; anything else is refused, so nothing leaves the machine. A process thus reaches "the vault" by the name
/// an operator writes, with the SDK's own checks on (TLS to that name, the challenge resource under vault.azure.net).
/// </summary>
public sealed class VaultProxy : IAsyncDisposable
{
    private const int MaxTunnels = 256;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _vault;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _tunnels;

    public VaultProxy(KeyVaultDouble vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        _vault = vault.Endpoint;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Tunnels opened to the vault's name.</summary>
    public int VaultTunnels { get; private set; }

    /// <summary>HTTPS_PROXY for the processes; plain-HTTP requests (Azurite, the peers) go direct.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HTTPS_PROXY"] = $"http://{_listener.LocalEndpoint}",
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (Interlocked.Increment(ref _tunnels) > MaxTunnels)
            {
                client.Dispose();
                continue;
            }
            _ = TunnelAsync(client);
        }
    }

    private async Task TunnelAsync(Socket client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            var request = await ReadHeadAsync(client, timeout.Token);
            var target = request is null ? null : Target(request);
            if (target is null)
            {
                await client.SendAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), timeout.Token);
                return;
            }
            using var upstream = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(target, timeout.Token);
            await client.SendAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), timeout.Token);
            await using var clientStream = new NetworkStream(client);
            await using var upstreamStream = new NetworkStream(upstream);
            var up = clientStream.CopyToAsync(upstreamStream, timeout.Token);
            var down = upstreamStream.CopyToAsync(clientStream, timeout.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The tunnel ends when either side closes.
        }
    }

    /// <summary>Where a CONNECT line goes: the double for the vault's name, a loopback address to itself, else nowhere.</summary>
    private IPEndPoint? Target(string head)
    {
        var parts = head.Split('\n', 2)[0].Trim().Split(' ');
        if (parts.Length < 2 || parts[0] != "CONNECT")
        {
            return null;
        }
        var colon = parts[1].LastIndexOf(':');
        if (colon < 0 || !int.TryParse(parts[1][(colon + 1)..], out var port))
        {
            return null;
        }
        var host = parts[1][..colon].Trim('[', ']');
        if (host.EndsWith(".vault.azure.net", StringComparison.OrdinalIgnoreCase))
        {
            VaultTunnels++;
            return _vault;
        }
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address) ? new IPEndPoint(address, port) : null;
    }

    private static async Task<string?> ReadHeadAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }
            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
