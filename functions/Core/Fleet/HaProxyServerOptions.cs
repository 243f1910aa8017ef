namespace LbAcme.Core.Fleet;

/// <summary>One backend server behind HAProxy.</summary>
public sealed class HaProxyServerOptions
{
    /// <summary>Name in HAProxy's stats and logs (letters, digits, '-', '_', '.').</summary>
    public string Name { get; set; } = "";

    /// <summary>IP address or DNS name of the server.</summary>
    public string Address { get; set; } = "";

    public int Port { get; set; } = 80;
}
