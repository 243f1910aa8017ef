using System.Net;
using System.Net.Sockets;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// Candidate TCP ports, asked of the kernel (bind to port 0) rather than guessed. Only candidates: the port is free
/// when asked, not when the server binds it, so servers start through <see cref="PortRetry"/> and prove they hold it
/// (<see cref="ManagedProcess.WaitForListenersAsync"/>).
/// </summary>
public static class FreePort
{
    public static int Next(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when something accepts TCP connections at the endpoint.</summary>
    public static async Task<bool> IsListeningAsync(IPEndPoint endpoint)
    {
        using var client = new TcpClient(endpoint.AddressFamily);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(endpoint, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
