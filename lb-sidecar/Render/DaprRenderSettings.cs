using System.Text.RegularExpressions;
using LbAcme.Certificates.Stores;
using LbAcme.Core.Dapr;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// What <c>render dapr</c> writes for one LB, resolved from <c>Sidecar:CertificateSync</c> and checked: every refusal
/// names the configuration path to change. The vault name comes from <c>KeyVault:Uri</c> (the Bicep output
/// <c>keyVaultUri</c>), the Service Bus host from <c>Dapr:ServiceBusNamespace</c> (the Bicep output
/// <c>serviceBusNamespaceHost</c>).
/// </summary>
internal sealed partial record DaprRenderSettings(
    string Lb,
    string AppId,
    string SecretStore,
    string VaultName,
    string? AzureClientId,
    bool Events,
    string PubSub,
    string Topic,
    string? ServiceBusNamespace,
    int AppPort,
    int GrpcPort,
    string ResourcesPath)
{
    private const string Sync = "Sidecar:CertificateSync";
    private const string Dapr = $"{Sync}:Dapr";

    /// <summary>The public cloud's vault host suffix: "{vault}.vault.azure.net".</summary>
    public const string VaultHostSuffix = ".vault.azure.net";

    public static (DaprRenderSettings? Settings, IReadOnlyList<string> Errors) Resolve(string lb, CertificateSyncOptions sync, string resourcesPath)
    {
        ArgumentNullException.ThrowIfNull(sync);
        var errors = new List<string>();
        if (!string.Equals(sync.Store, CertificateStores.Dapr, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Sync}:Store: '{sync.Store}'; render dapr writes the components of the \"{CertificateStores.Dapr}\" store (set {Sync}:Store to \"{CertificateStores.Dapr}\")");
        }
        var dapr = sync.Dapr;
        var vaultName = VaultNameOf(sync.KeyVault.Uri, errors);
        CheckComponentName(errors, $"{Dapr}:{nameof(CertificateDaprOptions.SecretStore)}", dapr.SecretStore);
        var grpcPort = GrpcPortOf(dapr.GrpcEndpoint, errors);
        if (dapr.AppPort is < 1 or > 65535)
        {
            errors.Add($"{Dapr}:{nameof(CertificateDaprOptions.AppPort)}: {dapr.AppPort} is not a TCP port (1-65535)");
        }
        else if (dapr.Events && (dapr.AppPort == grpcPort || dapr.AppPort == DaprNames.DefaultHttpPort))
        {
            errors.Add($"{Dapr}:{nameof(CertificateDaprOptions.AppPort)}: {dapr.AppPort} is one of daprd's own ports (gRPC {grpcPort}, HTTP {DaprNames.DefaultHttpPort})");
        }
        if (grpcPort == DaprNames.DefaultHttpPort)
        {
            errors.Add($"{Dapr}:{nameof(CertificateDaprOptions.GrpcEndpoint)}: port {grpcPort} is daprd's HTTP API port; give the gRPC API another");
        }
        if (dapr.AzureClientId is { Length: > 0 } clientId && !Guid.TryParse(clientId, out _))
        {
            errors.Add($"{Dapr}:{nameof(CertificateDaprOptions.AzureClientId)}: '{clientId}' is not a client id (a GUID: the managed identity's clientId, not its principal id or name)");
        }
        string? serviceBus = null;
        if (dapr.Events)
        {
            CheckComponentName(errors, $"{Dapr}:{nameof(CertificateDaprOptions.PubSub)}", dapr.PubSub);
            if (string.IsNullOrWhiteSpace(dapr.Topic) || dapr.Topic.Any(char.IsWhiteSpace))
            {
                errors.Add($"{Dapr}:{nameof(CertificateDaprOptions.Topic)}: '{dapr.Topic}' is not a topic name (the Bicep output certificateEventsTopic, \"{DaprNames.Topic}\")");
            }
            serviceBus = ServiceBusHost(dapr.ServiceBusNamespace, errors);
        }
        // daprd's flags go to a systemd EnvironmentFile and are split on whitespace there.
        if (resourcesPath.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '\\'))
        {
            errors.Add($"--out: '{resourcesPath}' has a space, quote, '$' or '\\'; daprd's --resources-path goes into a systemd EnvironmentFile unquoted");
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new DaprRenderSettings(lb, DaprNames.AppId(lb), dapr.SecretStore, vaultName!, string.IsNullOrEmpty(dapr.AzureClientId) ? null : dapr.AzureClientId,
            dapr.Events, dapr.PubSub, dapr.Topic, serviceBus, dapr.AppPort, grpcPort, resourcesPath), []);
    }

    /// <summary>secretstores.azure.keyvault takes the vault's name, not its URI: the first label of "{name}.vault.azure.net".</summary>
    private static string? VaultNameOf(Uri? uri, List<string> errors)
    {
        const string Key = $"{Sync}:KeyVault:Uri";
        if (uri is null)
        {
            errors.Add($"{Key}: required; the Dapr secret store component names the vault (the Bicep output keyVaultUri, e.g. https://lbacme-kv-xyz{VaultHostSuffix}/)");
            return null;
        }
        var host = uri.IsAbsoluteUri ? uri.Host : "";
        var name = host.EndsWith(VaultHostSuffix, StringComparison.OrdinalIgnoreCase) ? host[..^VaultHostSuffix.Length] : "";
        if (uri.Scheme != Uri.UriSchemeHttps || !VaultNamePattern().IsMatch(name) || uri.AbsolutePath != "/")
        {
            errors.Add($"{Key}: '{uri}' is not a Key Vault URI (https://{{vault}}{VaultHostSuffix}/); the Dapr component reaches only public-cloud vaults by name");
            return null;
        }
        return name.ToLowerInvariant();
    }

    /// <summary>daprd listens on loopback only; the sidecar's GrpcEndpoint must be one of those addresses, and its port is daprd's --dapr-grpc-port.</summary>
    private static int GrpcPortOf(Uri endpoint, List<string> errors)
    {
        const string Key = $"{Dapr}:{nameof(CertificateDaprOptions.GrpcEndpoint)}";
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttp || endpoint.Host != "127.0.0.1" || endpoint.IsDefaultPort || endpoint.AbsolutePath != "/")
        {
            errors.Add($"{Key}: '{endpoint}' must be http://127.0.0.1:PORT (daprd's gRPC API listens on the LB's loopback only)");
            return DaprNames.DefaultGrpcPort;
        }
        return endpoint.Port;
    }

    /// <summary>The pub/sub component's namespaceName is the namespace's host name ("{ns}.servicebus.windows.net"), not a URL.</summary>
    private static string? ServiceBusHost(string? value, List<string> errors)
    {
        const string Key = $"{Dapr}:{nameof(CertificateDaprOptions.ServiceBusNamespace)}";
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{Key}: required while {Dapr}:Events is on (the Bicep output serviceBusNamespaceHost, deployed with certificateEvents=true); or set {Dapr}:Events to false to poll only");
            return null;
        }
        if (Uri.CheckHostName(value) != UriHostNameType.Dns || !value.Contains('.', StringComparison.Ordinal))
        {
            errors.Add($"{Key}: '{value}' is not a host name; give the namespace's fully qualified name, e.g. lbacme-sb-xyz.servicebus.windows.net (no scheme, no port)");
            return null;
        }
        return value.ToLowerInvariant();
    }

    private static void CheckComponentName(List<string> errors, string key, string value)
    {
        if (!ComponentNamePattern().IsMatch(value ?? ""))
        {
            errors.Add($"{key}: '{value}' is not a component name (lowercase letters, digits and '-', starting and ending with a letter or digit)");
        }
    }

    // Key Vault: 3-24 characters, letters, digits and '-', starting with a letter, ending with a letter or digit.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$")]
    private static partial Regex VaultNamePattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex ComponentNamePattern();
}
