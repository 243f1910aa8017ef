using Azure.Core;
using Azure.Storage.Blobs;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.HaProxy;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Composition;

internal static class CertificateSyncServiceCollectionExtensions
{
    /// <summary>Validation of <c>Sidecar:CertificateSync</c>; part of the core so <c>check</c> reports its errors too.</summary>
    public static IServiceCollection AddCertificateSyncOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, CertificateSyncOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, CertificateTrustValidation>());
        return services;
    }

    /// <summary>
    /// Certificate sync and its parts, for a daemon with <c>Sidecar:CertificateSync:Enabled</c>; defaults are TryAdd
    /// so a host (or a test) can replace one, e.g. the <see cref="TokenCredential"/>.
    /// </summary>
    public static IServiceCollection AddCertificateSync(this IServiceCollection services)
    {
        services.AddCertificateSyncOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SidecarMetrics>();
        services.TryAddSingleton<CertificateSyncMetrics>();
        services.TryAddSingleton(sp => CertificateTarget.From(
            sp.GetRequiredService<IOptions<FleetOptions>>().Value,
            sp.GetRequiredService<IOptions<SidecarOptions>>().Value));
        services.TryAddSingleton(sp => TrustAnchors.Load(sp.GetRequiredService<IOptions<FleetOptions>>().Value));
        services.TryAddSingleton<CertificateVerifier>();
        services.TryAddSingleton(sp =>
        {
            var sync = sp.GetRequiredService<IOptions<SidecarOptions>>().Value.CertificateSync;
            FileOwner? owner = null;
            if (!string.IsNullOrEmpty(sync.FileOwner))
            {
                FileOwner.TryResolve(sync.FileOwner, out owner, out _);
            }
            return new AtomicPemFile(sp.GetRequiredService<CertificateTarget>().PemPath, owner);
        });
        services.TryAddSingleton(sp =>
        {
            var target = sp.GetRequiredService<CertificateTarget>();
            var sync = sp.GetRequiredService<IOptions<SidecarOptions>>().Value.CertificateSync;
            var swap = new CertificateHotSwap(new RuntimeApiClient(target.RuntimeSocket, sync.RuntimeApiTimeout));
            return new CertificateApplier(sp.GetRequiredService<AtomicPemFile>(), swap, target.RuntimeCertificatePath,
                useRuntimeApi: !string.IsNullOrWhiteSpace(target.RuntimeSocket), new ReloadCommand(target.ReloadCommand, sync.ReloadTimeout));
        });
        services.TryAddSingleton<ICertificateStore>(CertificateStores.Create);
        // Managed identity on the LB's VM, or whatever DefaultAzureCredential finds: the process's one credential.
        services.AddAzureCredential();
        services.AddHttpClient(CertificateStores.KeyVaultHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CertificateStores.CreateKeyVaultHandler(sp.GetRequiredService<IOptions<SidecarOptions>>().Value.CertificateSync))
            // The Azure SDK logs its own requests; a line per request every interval is noise.
            .RemoveAllLoggers();
        services.TryAddSingleton(sp => new DeployStatusReporter(
            sp.GetRequiredService<IOptions<SidecarOptions>>().Value.Store.IsConfigured ? sp.GetRequiredService<BlobContainerClient>() : null));
        services.AddPeriodic<CertificateSync>();
        return services;
    }
}
