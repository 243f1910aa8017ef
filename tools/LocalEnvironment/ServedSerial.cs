using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace LbAcme.LocalEnvironment;

/// <summary>Waits, by real TLS handshakes, until an LB's HAProxy presents a given certificate.</summary>
public static class ServedSerial
{
    /// <summary>
    /// Up to <paramref name="attempts"/> handshakes half a second apart; returns the serial served last, or
    /// "no TLS: ..." when the last handshake failed.
    /// </summary>
    public static async Task<string> WaitForAsync(IPEndPoint endpoint, string serverName, string serial, int attempts = 60)
    {
        var served = "-";
        for (var attempt = 0; attempt < attempts && served != serial; attempt++)
        {
            try
            {
                served = await TlsProbe.ServedSerialAsync(endpoint, serverName);
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or AuthenticationException)
            {
                served = "no TLS: " + e.Message;
            }
            if (served != serial)
            {
                await Task.Delay(500);
            }
        }
        return served;
    }
}
