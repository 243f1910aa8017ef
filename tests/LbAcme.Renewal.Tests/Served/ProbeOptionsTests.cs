using LbAcme.Renewal.Served;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>The probe's bounds bind from <c>Probe</c> and a wrong one is refused naming its field.</summary>
public sealed class ProbeOptionsTests
{
    private static ProbeOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServedProbe(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        return provider.GetRequiredService<IOptions<ProbeOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_five_seconds_per_address_and_sixteen_at_a_time()
    {
        var options = Resolve([]);

        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal(16, options.MaxConcurrency);
    }

    [Fact]
    public void Settings_bind_from_the_Probe_section()
    {
        var options = Resolve(new() { ["Probe:Timeout"] = "00:00:01.500", ["Probe:MaxConcurrency"] = "4" });

        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Timeout);
        Assert.Equal(4, options.MaxConcurrency);
    }

    [Theory]
    [InlineData("Probe:Timeout", "00:00:00", "Probe:Timeout")]
    [InlineData("Probe:Timeout", "00:05:00", "Probe:Timeout")]
    [InlineData("Probe:MaxConcurrency", "0", "Probe:MaxConcurrency")]
    [InlineData("Probe:MaxConcurrency", "1000", "Probe:MaxConcurrency")]
    public void A_bound_out_of_range_is_refused_naming_the_field(string key, string value, string field)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(e.Failures, f => f.StartsWith(field + ":", StringComparison.Ordinal));
    }
}
