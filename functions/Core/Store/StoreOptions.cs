namespace LbAcme.Core.Store;

/// <summary>
/// Where the shared store is: a connection string (Azurite, keys), a container URL with a SAS, or the blob
/// service URL signed in with a token credential (managed identity in Azure).
/// </summary>
public sealed class StoreOptions
{
    /// <summary>Storage connection string, e.g. <c>UseDevelopmentStorage=true</c> or an Azurite one with its port.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Alternative to <see cref="ConnectionString"/>: the container URL including a SAS query.</summary>
    public Uri? ContainerSasUri { get; set; }

    /// <summary>
    /// Alternative to both: the blob service URL (e.g. https://acct.blob.core.windows.net/) reached with a token
    /// credential, <c>DefaultAzureCredential</c> unless the host registers a <c>TokenCredential</c>.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The one container holding <c>challenges/ locks/ runs/ status/</c>.</summary>
    public string Container { get; set; } = "lb-acme";

    /// <summary>Upper bound for one store call including the SDK's own retries.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when any way to reach the store is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || ContainerSasUri is not null || ServiceUri is not null;
}
