using System.Reflection;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Configuration;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

public sealed class StrictKeysTests
{
    [Fact]
    public void Keys_the_options_bind_pass_in_any_case()
    {
        var configuration = Configuration(new()
        {
            ["Fleet:Names:0"] = "svc.example.com",
            ["fleet:loadbalancers:0:name"] = "lb0",
            ["Fleet:LoadBalancers:0:PEERPORT"] = "1",
            ["Fleet:HaProxy:Service:Servers:0:Port"] = "80",
            ["Fleet:TrustedRoots:SpkiSha256:0"] = "x",
            ["Fleet:Eab"] = null,
        });

        Assert.Empty(FleetOptionsValidation.UnknownKeys(configuration.GetSection("Fleet")));
    }

    [Fact]
    public void Each_unknown_key_is_named_with_its_path_and_a_suggestion()
    {
        var configuration = Configuration(new()
        {
            ["Fleet:LoadBalancers:0:Nmae"] = "lb0",
            ["Fleet:HaProxy:Service:Servers:1:Prot"] = "80",
            ["Fleet:Keepalived:Frobnicate"] = "1",
        });

        var unknown = FleetOptionsValidation.UnknownKeys(configuration.GetSection("Fleet")).Select(k => k.ToString()).ToList();

        Assert.Equal(3, unknown.Count);
        Assert.Contains("Fleet:LoadBalancers:0:Nmae: unknown key; did you mean 'Fleet:LoadBalancers:0:Name'?", unknown);
        Assert.Contains("Fleet:HaProxy:Service:Servers:1:Prot: unknown key; did you mean 'Fleet:HaProxy:Service:Servers:1:Port'?", unknown);
        Assert.Contains(unknown, u => u.StartsWith("Fleet:Keepalived:Frobnicate: unknown key; Fleet:Keepalived has Interface, ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fleet_validation_refuses_unknown_keys_too()
    {
        // What the function app gets: it reads Fleet from its app settings through Core, without the sidecar's loader.
        var section = Configuration(new() { ["Fleet:Vip:0"] = "192.0.2.1" }).GetSection("Fleet");

        var result = new FleetOptionsValidation(section).Validate(null, new FleetOptions());

        Assert.Contains("Fleet:Vip: unknown key; did you mean 'Fleet:Vips'?", result.Failures!);
    }

    /// <summary>
    /// The known keys are the options types' own: every settable property (found here by reflection, which the
    /// AOT binary does not use) is known, nested types included, so a property another change adds is known at once.
    /// </summary>
    [Fact]
    public void Every_bindable_property_of_the_options_types_is_known()
    {
        var missing = new List<string>();
        Compare(typeof(FleetOptions), FleetOptionsJson.Default.FleetOptions, "Fleet", missing);
        Compare(typeof(SidecarOptions), SidecarOptionsJson.Default.SidecarOptions, "Sidecar", missing);

        Assert.Empty(missing);
    }

    private static void Compare(Type type, System.Text.Json.Serialization.Metadata.JsonTypeInfo info, string path, List<string> missing)
    {
        var known = StrictKeys.Known(info).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (!known.Contains(property.Name))
            {
                missing.Add($"{path}:{property.Name}");
                continue;
            }
            var propertyType = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(List<>)
                ? property.PropertyType.GetGenericArguments()[0]
                : property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && propertyType != typeof(Uri))
            {
                Compare(propertyType, info.Options.GetTypeInfo(propertyType), $"{path}:{property.Name}", missing);
            }
        }
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
