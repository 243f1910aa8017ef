using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LbAcme.Core.Dapr;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// The fleet file of the rig's one LB, as an operator would write it for Store=dapr: what <c>lb-sidecar run</c> and
/// <c>lb-sidecar render dapr</c> both read, so the rendered components and the running sidecar agree by construction.
/// Only what differs between runs (the poll interval, events on or off, daprd's gRPC port) comes on the command line.
/// </summary>
internal static class RolloutFleetFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The fleet's ACME directory: not Let's Encrypt, so the fleet names its trusted roots (the rig's issuer).</summary>
    public const string AcmeDirectoryUrl = "https://ca.example.test/directory";

    /// <summary>The vault and Service Bus namespace the rendered components name (nothing here connects to them).</summary>
    public const string VaultName = "lbacme-rollout";

    public const string ServiceBusNamespace = "lbacme-rollout.servicebus.windows.net";

    public static string Write(RolloutPaths paths, IPAddress address, int httpPort, int peerPort, int appPort)
    {
        var document = new JsonObject
        {
            ["Fleet"] = new JsonObject
            {
                ["Names"] = new JsonArray(RolloutLb.ServiceName),
                ["AcmeDirectoryUrl"] = AcmeDirectoryUrl,
                ["Contact"] = new JsonArray("mailto:ops@example.test"),
                ["TrustedRoots"] = new JsonObject { ["Path"] = paths.TrustedRoots },
                ["LoadBalancers"] = new JsonArray(new JsonObject
                {
                    ["Name"] = RolloutLb.Lb,
                    ["Address"] = address.ToString(),
                    ["PeerPort"] = peerPort,
                    ["HttpPort"] = httpPort,
                }),
                ["HaProxy"] = new JsonObject { ["RuntimeSocket"] = paths.HaProxySocket, ["ReloadCommand"] = "" },
            },
            ["Sidecar"] = new JsonObject
            {
                ["Webroot"] = paths.Webroot,
                ["CertificateSync"] = new JsonObject
                {
                    ["Enabled"] = true,
                    ["Store"] = "dapr",
                    ["PemPath"] = paths.Pem,
                    ["RequestTimeout"] = "00:00:05",
                    // The vault the rendered secret store component names (the Bicep output keyVaultUri).
                    ["KeyVault"] = new JsonObject { ["Uri"] = $"https://{VaultName}.vault.azure.net/" },
                    ["Dapr"] = new JsonObject
                    {
                        ["AppPort"] = appPort,
                        ["ServiceBusNamespace"] = ServiceBusNamespace,
                        ["SecretStore"] = DaprNames.SecretStore,
                    },
                },
            },
        };
        File.WriteAllText(paths.FleetFile, document.ToJsonString(Indented));
        return paths.FleetFile;
    }
}
