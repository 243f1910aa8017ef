using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Operator.Status;

/// <summary>
/// The one place store mode gets its <see cref="IFleetStatusSource"/>: the renewal engine's own registrations over the
/// given configuration, so the command builds the document exactly as GET /api/status does. Logging goes nowhere:
/// the command's output is the table.
/// </summary>
internal static class StoreStatusSource
{
    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRenewalEngine(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Null when the engine registers no status source (a build without one).</summary>
    public static IFleetStatusSource? Resolve(IServiceProvider services) => services.GetService<IFleetStatusSource>();
}
