using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// A fleet file as an operator writes it (e.g. infra/packaging/fleet.json.example), run by the local fleet with only
/// what points outside this machine replaced: LB addresses and ports (the HTTPS port too) by loopback ones (the VIPs dropped: no keepalived
/// holds them here), the ACME directory (and its roots) by Pebble, the shared store's service URL by Azurite, the vault by <see cref="KeyVaultUri"/>. Every other
/// key, in particular every <c>Sidecar:CertificateSync</c> default, is the file's own.
/// </summary>
/// <param name="Json">The file's JSON.</param>
/// <param name="KeyVaultUri">The vault the fleet uses instead of the file's.</param>
/// <param name="Environment">Set for the sidecars and the function's runner, e.g. what their managed identity and trust need.</param>
public sealed record FleetTemplate(JsonObject Json, Uri KeyVaultUri, IReadOnlyDictionary<string, string> Environment)
{
    public static FleetTemplate Load(string path, Uri keyVaultUri, IReadOnlyDictionary<string, string> environment) =>
        new(JsonNode.Parse(File.ReadAllText(path))!.AsObject(), keyVaultUri, environment);

    private JsonObject FleetNode => Json["Fleet"]!.AsObject();

    public int LoadBalancerCount => FleetNode["LoadBalancers"]!.AsArray().Count;

    public IReadOnlyList<string> Names => [.. FleetNode[nameof(Names)]!.AsArray().Select(n => n!.GetValue<string>())];

    /// <summary>The file's LB names, in its order.</summary>
    public IReadOnlyList<string> LbNames => [.. FleetNode["LoadBalancers"]!.AsArray().Select(lb => lb!["Name"]!.GetValue<string>())];

    /// <summary>The LB's own extra name, or the fleet's first name when it has none.</summary>
    public string OwnName(string lb) =>
        FleetNode["LoadBalancers"]!.AsArray().Single(l => l!["Name"]!.GetValue<string>() == lb)!["ExtraName"]?.GetValue<string>() ?? Names[0];

    /// <summary>The file with the outside world replaced by this machine's services.</summary>
    public JsonObject Fill(IReadOnlyList<IPAddress> addresses, int httpPort, int peerPort, int httpsPort, Uri directoryUrl, string trustedRootsPath, string storeConnectionString)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var filled = Json.DeepClone().AsObject();
        var fleet = filled["Fleet"]!.AsObject();
        fleet["AcmeDirectoryUrl"] = directoryUrl.ToString();
        fleet["TrustedRoots"] = new JsonObject { ["Path"] = trustedRootsPath };
        // No keepalived on loopback: nothing would hold a VIP, and the engine's self-test must not aim at the file's.
        fleet.Remove("Vips");
        // Every LB's HAProxy on one loopback port, which the fleet names as its HTTPS port, as a real fleet does 443.
        var haproxy = fleet["HaProxy"] as JsonObject ?? [];
        fleet["HaProxy"] = haproxy;
        var service = haproxy["Service"] as JsonObject ?? [];
        haproxy["Service"] = service;
        service["HttpsPort"] = httpsPort;
        var lbs = fleet["LoadBalancers"]!.AsArray();
        for (var i = 0; i < lbs.Count; i++)
        {
            lbs[i]!["Address"] = addresses[i].ToString();
            lbs[i]!["HttpPort"] = httpPort;
            lbs[i]!["PeerPort"] = peerPort;
        }
        var sidecar = filled["Sidecar"]!.AsObject();
        var store = sidecar["Store"]!.AsObject();
        // The shared store's service URL (a managed identity in Azure) becomes Azurite's connection string.
        store.Remove("ServiceUri");
        store["ConnectionString"] = storeConnectionString;
        sidecar["CertificateSync"]!["KeyVault"]!["Uri"] = KeyVaultUri.ToString();
        return filled;
    }

    /// <summary>The filled file's Fleet section as the function app's flat settings (<c>Fleet:LoadBalancers:0:Name</c>, ...).</summary>
    public static Dictionary<string, string?> FleetSettings(JsonObject filled)
    {
        ArgumentNullException.ThrowIfNull(filled);
        var settings = new Dictionary<string, string?>();
        Flatten("Fleet", filled["Fleet"], settings);
        return settings;
    }

    private static void Flatten(string prefix, JsonNode? node, Dictionary<string, string?> settings)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    Flatten($"{prefix}:{key}", value, settings);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Flatten(string.Create(CultureInfo.InvariantCulture, $"{prefix}:{i}"), a[i], settings);
                }
                break;
            case JsonValue v:
                settings[prefix] = v.ToString();
                break;
        }
    }
}
