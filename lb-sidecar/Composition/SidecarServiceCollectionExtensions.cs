using System.Diagnostics.CodeAnalysis;
using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Http;
using LbAcme.Sidecar.Http.Admission;
using LbAcme.Sidecar.Memory;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using LbAcme.Sidecar.Sync;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Composition;

internal static class SidecarServiceCollectionExtensions
{
    /// <summary>Options (validated at start), the challenge sources, the peer client and fan-out. Shared by <c>run</c> and <c>check</c>.</summary>
    public static IServiceCollection AddSidecarCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFleet(configuration);
        services.AddOptions<SidecarOptions>().Bind(configuration.GetSection(SidecarOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SidecarOptions>, SidecarOptionsValidation>());
        services.AddCertificateSyncOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SidecarMetrics>();
        services.TryAddSingleton<PeerDirectory>();
        services.TryAddSingleton<IPeerClient, PeerClient>();
        services.AddHttpClient(PeerClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var sidecar = sp.GetRequiredService<IOptions<SidecarOptions>>().Value;
                var listen = IPAddress.Parse(sidecar.ListenAddress);
                var source = listen.Equals(IPAddress.IPv6Any) || listen.Equals(IPAddress.Any) ? null : listen;
                return new SocketsHttpHandler
                {
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    ConnectTimeout = sidecar.Peers.ConnectTimeout,
                    ConnectCallback = PeerSocketConnector.From(source),
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    MaxResponseHeadersLength = 16,
                    AutomaticDecompression = DecompressionMethods.None,
                };
            })
            // One long-lived handler: peers are IP addresses (no DNS to refresh), and pooled keep-alive
            // connections are what makes a fan-out cheaper than nginx's connection per upstream attempt.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Per-request logging scopes cost more than the peer request itself at fan-out rates.
            .RemoveAllLoggers();
        services.AddChallengeStore(sp => sp.GetRequiredService<IOptions<SidecarOptions>>().Value.Store);
        return services;
    }

    /// <summary>Everything the daemon runs: listeners, fan-out, and the background <paramref name="parts"/> that have work to do.</summary>
    public static IServiceCollection AddSidecarDaemon(this IServiceCollection services, IConfiguration configuration, SidecarParts parts)
    {
        services.AddSidecarCore(configuration);
        services.TryAddSingleton<ChallengeCache>();
        services.TryAddSingleton<WebrootChallenges>();
        services.TryAddSingleton<ILocalChallenges, LocalChallenges>();
        services.TryAddSingleton<PeerHealth>();
        services.TryAddSingleton<FanOutGate>();
        services.TryAddSingleton<IFanOut, FanOut>();
        services.TryAddSingleton(sp => PeerAllowList.Create(
            sp.GetRequiredService<IOptions<FleetOptions>>().Value,
            sp.GetRequiredService<IOptions<SidecarOptions>>().Value.Peers));
        services.TryAddSingleton<ListenerAdmissions>();
        services.TryAddSingleton<MalformedRequests>();
        services.TryAddSingleton<PublicListener>();
        services.TryAddSingleton<PeerListener>();
        services.TryAddSingleton<MetricsListener>();
        services.TryAddSingleton<PeriodicLoop>();
        services.AddPeriodic<MemoryReturn>();
        // Not TryAdd: the web host has already registered Kestrel's own pool, and the last registration is the one used.
        services.TryAddSingleton<BoundedBlockPoolFactory>();
        services.AddSingleton<IMemoryPoolFactory<byte>>(sp => sp.GetRequiredService<BoundedBlockPoolFactory>());
        if (parts.PeerProbing)
        {
            services.AddHostedService<PeerProber>();
        }
        if (parts.ChallengeSync)
        {
            services.AddPeriodic<ChallengeSync>();
        }
        if (parts.CertificateSync)
        {
            services.AddCertificateSync();
        }
        if (parts.RolloutEvents)
        {
            services.AddRolloutEvents();
        }
        return services;
    }

    /// <summary>A round and the hosted service that repeats it.</summary>
    public static IServiceCollection AddPeriodic<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRound>(this IServiceCollection services)
        where TRound : class, IPeriodicRound
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PeriodicLoop>();
        services.TryAddSingleton<TRound>();
        services.AddHostedService<PeriodicService<TRound>>();
        return services;
    }
}
