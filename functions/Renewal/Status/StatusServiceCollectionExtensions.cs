using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LbAcme.Renewal.Status;

public static class StatusServiceCollectionExtensions
{
    /// <summary>
    /// The fleet status over the renewal engine's stores (call after AddRenewalEngine). The host adds the probe's
    /// report store and, where the timer's schedule is known, an <see cref="IRenewalSchedule"/> (without one, no run is overdue).
    /// </summary>
    public static IServiceCollection AddFleetStatus(this IServiceCollection services)
    {
        services.TryAddSingleton<ITimerRunLog>(sp => new BlobTimerRunLog(sp.GetRequiredService<BlobContainerClient>()));
        services.TryAddTransient<IFleetStatusSource, FleetStatusSource>();
        return services;
    }
}
