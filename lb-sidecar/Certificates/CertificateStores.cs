using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using LbAcme.Certificates;
using LbAcme.Certificates.Stores;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Certificates.Dapr;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;
using StoreFactory = LbAcme.Certificates.Stores.CertificateStores;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// The certificate store the sidecar reads, chosen like the renewal engine's: "blob" (the certificates container
/// in the shared store's account, or a container SAS), "keyvault" (only the secret API is called, so the LB's
/// identity needs nothing beyond Key Vault Secrets User on its own secret) or "dapr" (the same secret through the
/// LB's daprd, <see cref="DaprCertificateStore"/>).
/// </summary>
internal static class CertificateStores
{
    public const string KeyVaultHttpClientName = "lb-acme-keyvault";

    public static ICertificateStore Create(IServiceProvider services)
    {
        var sidecar = services.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var sync = sidecar.CertificateSync;
        if (sync.Store == StoreFactory.Dapr)
        {
            // Through daprd only: no Azure credential or HTTP client of ours is used.
            return new DaprCertificateStore(DaprSecretClient.Create(sync.Dapr, sync.RequestTimeout), sync.Dapr.SecretStore, sync.RequestTimeout);
        }
        var httpClients = services.GetRequiredService<IHttpClientFactory>();
        if (sync.Store == StoreFactory.KeyVault)
        {
            // Only the secret API is read here; the URI was checked by CertificateSyncOptionsValidation at start.
            return StoreFactory.Certificates(new KeyVaultConnection(
                sync.KeyVault.Uri!,
                services.GetRequiredService<TokenCredential>(),
                options => Configure(options, httpClients, sync),
                VerifyChallengeResource: sync.KeyVault.TrustedRootPath is null));
        }
        var container = StoreServiceCollectionExtensions.CreateContainerClient(
            new StoreOptions
            {
                ConnectionString = sync.ContainerSasUri is null ? sidecar.Store.ConnectionString : null,
                ContainerSasUri = sync.ContainerSasUri,
                Container = sync.Container,
                RequestTimeout = sync.RequestTimeout,
            },
            httpClients,
            services.GetRequiredService<TokenCredential>());
        return StoreFactory.Certificates(container);
    }

    /// <summary>The Key Vault HTTP handler: the platform's trust, plus the configured extra root if any.</summary>
    public static SocketsHttpHandler CreateKeyVaultHandler(CertificateSyncOptions sync)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = sync.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (sync.KeyVault.TrustedRootPath is { } path)
        {
            var root = X509CertificateLoader.LoadCertificateFromFile(path);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ExtraRootTrust.For(root),
            };
        }
        return handler;
    }

    private static void Configure(ClientOptions options, IHttpClientFactory httpClients, CertificateSyncOptions sync)
    {
        options.Transport = new HttpClientTransport(httpClients.CreateClient(KeyVaultHttpClientName));
        // The secret client buffers and parses each answer whole: bound it before the SDK reads it. One client reads
        // every fleet certificate's secret, so a refusal names the secret the request asked for.
        options.AddPolicy(new ResponseSizeCapPolicy(message => SecretName(message.Request.Uri.Path), StoreReadLimits.MaxCertificateResponseBytes), HttpPipelinePosition.BeforeTransport);
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = sync.RequestTimeout;
    }

    /// <summary>The secret a Key Vault request reads ("/secrets/{name}[/{version}]"), or its path when it reads none.</summary>
    internal static string SecretName(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var secrets = Array.FindIndex(segments, s => string.Equals(s, "secrets", StringComparison.OrdinalIgnoreCase));
        return secrets >= 0 && secrets + 1 < segments.Length ? Uri.UnescapeDataString(segments[secrets + 1]) : path;
    }
}
