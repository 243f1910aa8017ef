using LbAcme.Functions;
using LbAcme.Renewal.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Operator.Status;

/// <summary>
/// The one place store mode gets its <see cref="IFleetStatusSource"/>: the function app's own registrations
/// (<see cref="FunctionAppServices.AddRenewalFunctions"/>: the engine's stores, the probe's report store, the
/// timer's schedule) over the given configuration, so the command builds the document exactly as GET /api/status
/// does. Nothing here touches the queue. Logging goes nowhere: the command's output is the table.
/// </summary>
internal static class StoreStatusSource
{
    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRenewalFunctions(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public static IFleetStatusSource Resolve(IServiceProvider services) => services.GetRequiredService<IFleetStatusSource>();
}
