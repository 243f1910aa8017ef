using Azure.Storage.Blobs;
using LbAcme.Core.Served;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Served;

public static class ServedProbeServiceCollectionExtensions
{
    /// <summary>
    /// The served-certificate probe (section <c>Probe</c>, validated at start) and its report store in the shared
    /// container. Needs the fleet and the store, which <c>AddRenewalEngine</c> registers.
    /// </summary>
    public static IServiceCollection AddServedProbe(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProbeOptions>().Bind(configuration.GetSection(ProbeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProbeOptions>, ProbeOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IServedProbe, ServedProbe>();
        services.TryAddSingleton<IServedReportStore>(sp => new BlobServedReportStore(sp.GetRequiredService<BlobContainerClient>()));
        services.TryAddTransient<ServedProbeRecorder>();
        return services;
    }
}
