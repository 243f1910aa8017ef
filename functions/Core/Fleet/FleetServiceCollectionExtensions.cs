using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Core.Fleet;

public static class FleetServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FleetOptions"/> from the <c>Fleet</c> section and validates it when the host starts. DNS names
    /// are canonicalized after every configure step, so the engine, the sidecar and the renderers read one spelling.
    /// </summary>
    public static OptionsBuilder<FleetOptions> AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(FleetOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>>(new FleetOptionsValidation(section)));
        return services.AddOptions<FleetOptions>()
            .Configure(options => FleetBinding.Bind(section, options))
            .PostConfigure(FleetNames.Canonicalize)
            .ValidateOnStart();
    }
}
