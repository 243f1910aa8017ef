using System.Text.Json.Nodes;
using LbAcme.Core.Dapr;

namespace LbAcme.Infra.Tests.Render;

/// <summary>
/// A <see cref="FleetFiles"/> fleet whose sidecars read certificates through daprd, with the values the Bicep outputs
/// give (keyVaultUri, serviceBusNamespaceHost), and the output directory <c>render dapr</c> writes into.
/// </summary>
public sealed class DaprFleet : IDisposable
{
    public const string VaultUri = "https://lbacme-kv-abc123.vault.azure.net/";
    public const string VaultName = "lbacme-kv-abc123";
    public const string ServiceBusHost = "lbacme-sb-abc123.servicebus.windows.net";
    public const string ClientId = "6f1b7c2e-1d2a-4b8e-9c1f-0a2b3c4d5e6f";

    private readonly FleetFiles _files = new();

    public DaprFleet()
    {
        Out = Path.Combine(_files.Directory, "dapr");
        Directory.CreateDirectory(Out);
        Dapr = new JsonObject { ["ServiceBusNamespace"] = ServiceBusHost, ["AzureClientId"] = ClientId };
        Sync = new JsonObject
        {
            ["Store"] = "dapr",
            ["KeyVault"] = new JsonObject { ["Uri"] = VaultUri },
            [nameof(Dapr)] = Dapr,
        };
        _files.Json["Sidecar"]!["CertificateSync"] = Sync;
    }

    /// <summary>Sidecar:CertificateSync, to edit.</summary>
    public JsonObject Sync { get; }

    /// <summary>Sidecar:CertificateSync:Dapr, to edit.</summary>
    public JsonObject Dapr { get; }

    /// <summary>The directory given to --out.</summary>
    public string Out { get; }

    public string Components => Path.Combine(Out, "components");

    public string Flags => Path.Combine(Out, "daprd.env");

    public static string AppId(string lb) => DaprNames.AppId(lb);

    public Task<CommandResult> RenderAsync(string lb) =>
        SidecarCli.RunAsync("render", "dapr", "--config", _files.Write(), "--lb", lb, "--out", Out);

    /// <summary>Renders, failing the test with the command's output unless it exits 0; returns the written files by name (components/ and daprd.env).</summary>
    public async Task<IReadOnlyDictionary<string, string>> RenderFilesAsync(string lb)
    {
        var result = await RenderAsync(lb);
        Assert.True(result.ExitCode == 0, result.ToString());
        var files = Directory.GetFiles(Components).ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
        files["daprd.env"] = await File.ReadAllTextAsync(Flags);
        return files;
    }

    public void Dispose() => _files.Dispose();
}
