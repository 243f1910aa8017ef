using System.Globalization;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>The renewal engine wired exactly as the function app wires it: from configuration.</summary>
internal static class LocalFleetEngine
{
    /// <param name="settings"></param>
    /// <param name="replace">Registers replacements before the engine's defaults (which are TryAdd'ed).</param>
    public static ServiceProvider Build(IDictionary<string, string?> settings, Action<IServiceCollection>? replace = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        replace?.Invoke(services);
        services.AddRenewalEngine(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public static ServiceProvider BuildEngine(this LocalFleet fleet, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? replace = null) =>
        Build(fleet.EngineSettings(overrides), replace);

    /// <summary>A one-LB fleet on 127.0.0.1 whose CA is a test double; no sidecar answers, so only what precedes validation runs.</summary>
    public static Dictionary<string, string?> SingleLbSettings(string serviceName, Uri directoryUrl, AzuriteFixture azurite) => new()
    {
        ["Fleet:Names:0"] = serviceName,
        ["Fleet:AcmeDirectoryUrl"] = directoryUrl.ToString(),
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "127.0.0.1",
        ["Fleet:LoadBalancers:0:HttpPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Store:ConnectionString"] = azurite.ConnectionString,
        ["Store:Container"] = "lb-acme",
    };

    public static IRenewalRunner Runner(ServiceProvider provider) => provider.GetRequiredService<IRenewalRunner>();
}
