using Azure.Core;
using Azure.Storage.Blobs;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Events;
using LbAcme.Sidecar.HaProxy;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Sync;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Composition;

internal static class CertificateSyncServiceCollectionExtensions
{
    /// <summary>Validation of <c>Sidecar:CertificateSync</c>; part of the core so <c>check</c> reports its errors too.</summary>
    public static IServiceCollection AddCertificateSyncOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, CertificateSyncOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, CertificateDaprOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, CertificateTrustValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, CertificateOverridesValidation>());
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
        services.TryAddSingleton(sp => SyncTarget.From(
            sp.GetRequiredService<IOptions<FleetOptions>>().Value,
            sp.GetRequiredService<IOptions<SidecarOptions>>().Value));
        services.TryAddSingleton(sp => TrustAnchors.Load(sp.GetRequiredService<IOptions<FleetOptions>>().Value));
        services.TryAddSingleton<CertificateVerifier>();
        services.TryAddSingleton(CreateSlots);
        services.TryAddSingleton(sp =>
        {
            var target = sp.GetRequiredService<SyncTarget>();
            var sync = sp.GetRequiredService<IOptions<SidecarOptions>>().Value.CertificateSync;
            return new CertificateSync(target, sp.GetRequiredService<CertificateSlots>(), CreateCrtListSync(sp, target, sync),
                sp.GetRequiredService<DeployStatusReporter>(), sp.GetRequiredService<CertificateSyncMetrics>(), sync,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CertificateSync>>(),
                sp.GetService<RoundWake>()); // registered by AddRolloutEvents only
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

    /// <summary>
    /// daprd's app port (<see cref="RolloutEvents"/>): the handler and the certificate loop share one
    /// <see cref="RoundWake"/>, coalescing a burst of events into at most two rounds per window.
    /// </summary>
    public static IServiceCollection AddRolloutEvents(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SidecarMetrics>();
        services.TryAddSingleton(sp => new RoundWake(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SidecarOptions>>().Value.CertificateSync.Dapr.EventCoalesceWindow));
        services.TryAddSingleton(_ => AppApiToken.FromEnvironment());
        services.TryAddSingleton<EventMetrics>();
        services.TryAddSingleton<EventLog>();
        services.TryAddSingleton<DaprAppListener>();
        return services;
    }

    /// <summary>One slot per fleet certificate, each with its own PEM file and Runtime API name.</summary>
    private static CertificateSlots CreateSlots(IServiceProvider sp)
    {
        var target = sp.GetRequiredService<SyncTarget>();
        var sync = sp.GetRequiredService<IOptions<SidecarOptions>>().Value.CertificateSync;
        var owner = Owner(sync);
        var swap = new CertificateHotSwap(new RuntimeApiClient(target.RuntimeSocket, sync.RuntimeApiTimeout));
        var crtList = target.CrtList is null ? null : new RuntimeCrtList(new RuntimeApiClient(target.RuntimeSocket, sync.RuntimeApiTimeout), swap, target.CrtList);
        var reload = new ReloadCommand(target.ReloadCommand, sync.ReloadTimeout);
        var metrics = sp.GetRequiredService<CertificateSyncMetrics>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<CertificateSync>();
        return new CertificateSlots([.. target.Certificates.Select((certificate, index) => new CertificateSlot(
            certificate,
            sp.GetRequiredService<ICertificateStore>(),
            sp.GetRequiredService<CertificateVerifier>(),
            new CertificateApplier(new AtomicPemFile(certificate.PemPath, owner), swap, crtList, certificate.RuntimeCertificatePath,
                useRuntimeApi: !string.IsNullOrWhiteSpace(target.RuntimeSocket), reload),
            metrics.For(certificate.Certificate, first: index == 0),
            sync,
            sp.GetRequiredService<TimeProvider>(),
            logger))]);
    }

    private static CrtListSync? CreateCrtListSync(IServiceProvider sp, SyncTarget target, CertificateSyncOptions sync)
    {
        if (target.CrtList is null)
        {
            return null;
        }
        var swap = new CertificateHotSwap(new RuntimeApiClient(target.RuntimeSocket, sync.RuntimeApiTimeout));
        return new CrtListSync(new AtomicPemFile(target.CrtList, Owner(sync)), new RuntimeCrtList(new RuntimeApiClient(target.RuntimeSocket, sync.RuntimeApiTimeout), swap, target.CrtList),
            swap, useRuntimeApi: !string.IsNullOrWhiteSpace(target.RuntimeSocket), sp.GetRequiredService<ILoggerFactory>().CreateLogger<CrtListSync>());
    }

    private static FileOwner? Owner(CertificateSyncOptions sync)
    {
        FileOwner? owner = null;
        if (!string.IsNullOrEmpty(sync.FileOwner))
        {
            FileOwner.TryResolve(sync.FileOwner, out owner, out _);
        }
        return owner;
    }
}
