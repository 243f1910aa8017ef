using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using LbAcme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>The renewal engine wired to a <see cref="LocalFleet"/> exactly as the function app wires it: from configuration.</summary>
internal static class LocalFleetEngine
{
    /// <param name="fleet"></param>

    /// <param name="overrides"></param>    /// <param name="replace">Registers replacements before the engine's defaults (which are TryAdd'ed).</param>
    public static ServiceProvider BuildEngine(this LocalFleet fleet, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? replace = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(fleet.EngineSettings(overrides)).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        replace?.Invoke(services);
        services.AddRenewalEngine(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public static IRenewalRunner Runner(ServiceProvider provider) => provider.GetRequiredService<IRenewalRunner>();
}
