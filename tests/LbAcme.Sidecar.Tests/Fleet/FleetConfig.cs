using System.Net;
using System.Text.Json;
using LbAcme.LocalEnvironment;

namespace LbAcme.Sidecar.Tests.Fleet;

/// <summary>One LB slot of a test fleet: where its peer and public ports are.</summary>
internal sealed record LbSlot(string Name, IPAddress Address, int HttpPort, int PeerPort);

/// <summary>Writes a fleet.json the way an operator would; sidecar-specific settings come from the command line.</summary>
internal static class FleetConfig
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The fleet's Fleet:AcmeDirectoryUrl: a certificate tagged with another directory is refused.</summary>
    public const string AcmeDirectoryUrl = "https://ca.example.test/directory";

    public static LbSlot Slot(string name, string address)
    {
        var ip = IPAddress.Parse(address);
        return new LbSlot(name, ip, FreePort.Next(ip), FreePort.Next(ip));
    }

    public static string Write(string directory, IEnumerable<LbSlot> slots, object? sidecar = null)
    {
        var document = new
        {
            Fleet = new
            {
                Names = new[] { "svc.example.test" },
                // Not Let's Encrypt: a fleet with certificate sync on names its trusted roots (the tests' own CA).
                AcmeDirectoryUrl,
                Contact = new[] { "mailto:ops@example.test" },
                LoadBalancers = slots.Select(s => new { s.Name, Address = s.Address.ToString(), s.PeerPort, s.HttpPort }).ToArray(),
                Vips = new[] { "127.0.0.254" }, // no LB's address: a VIP is never one LB's own
            },
            Sidecar = sidecar ?? new { },
        };
        var path = Path.Combine(directory, "fleet.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, Indented));
        return path;
    }
}
