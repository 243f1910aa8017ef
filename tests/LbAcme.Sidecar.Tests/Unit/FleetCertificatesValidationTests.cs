using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.LocalEnvironment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// <c>Fleet:Certificates</c>, bound and validated through AddFleet as the apps do: each rule is shown failing with
/// its field path and a fleet that keeps it passing.
/// </summary>
public sealed class FleetCertificatesValidationTests
{
    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Fleet:Certificates:0:Name"] = "web",
        ["Fleet:Certificates:0:Names:0"] = "www.example.com",
        ["Fleet:Certificates:0:Names:1"] = "example.com",
        ["Fleet:Certificates:0:CarriesLbExtraName"] = "true",
        ["Fleet:Certificates:1:Name"] = "api",
        ["Fleet:Certificates:1:Names:0"] = "api.example.com",
        ["Fleet:Certificates:1:KeyType"] = "Rsa2048",
        ["Fleet:Certificates:1:Profile"] = "tlsserver",
        ["Fleet:Certificates:2:Name"] = "mail-2",
        ["Fleet:Certificates:2:Names:0"] = "mail.example.org",
        ["Fleet:AcmeDirectoryUrl"] = "https://acme-v02.api.letsencrypt.org/directory",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
        ["Fleet:LoadBalancers:0:ExtraName"] = "lb0.example.com",
        ["Fleet:LoadBalancers:1:Name"] = "lb1",
        ["Fleet:LoadBalancers:1:Address"] = "192.0.2.11",
    };

    [Fact]
    public void A_good_fleet_of_three_certificates_binds_with_each_ones_settings()
    {
        var fleet = FleetOptionsValidationTests.Bind(Good);

        var all = FleetCertificates.All(fleet);
        Assert.Equal(["web", "api", "mail-2"], all.Select(c => c.Name));
        Assert.Equal(KeyType.Rsa2048, all[1].KeyType);
        Assert.Equal(KeyType.EcP256, all[0].KeyType);
        Assert.Equal("tlsserver", all[1].Profile);
        Assert.Equal(["www.example.com", "example.com", "lb0.example.com"], FleetCertificates.NamesFor(all[0], fleet.LoadBalancers[0]));
        Assert.Equal(["api.example.com"], FleetCertificates.NamesFor(all[1], fleet.LoadBalancers[0]));
    }

    [Theory]
    [InlineData("Fleet:Names:0", "svc.example.com", "Fleet:Names: give Fleet:Names or Fleet:Certificates, not both; Names is the one-certificate shorthand")]
    [InlineData("Fleet:Certificates:1:Name", "Api", "Fleet:Certificates[1]:Name: 'Api' must be 1-40 lowercase letters")]
    [InlineData("Fleet:Certificates:1:Name", "api.v2", "Fleet:Certificates[1]:Name: 'api.v2' must be 1-40")]
    [InlineData("Fleet:Certificates:1:Name", "api-", "Fleet:Certificates[1]:Name: 'api-' must be 1-40")]
    [InlineData("Fleet:Certificates:1:Name", "-api", "Fleet:Certificates[1]:Name: '-api' must be 1-40")]
    [InlineData("Fleet:Certificates:1:Name", "a1234567890123456789012345678901234567890", "Fleet:Certificates[1]:Name: 'a1234567890123456789012345678901234567890' must be 1-40")]
    [InlineData("Fleet:Certificates:1:Name", "", "Fleet:Certificates[1]:Name: '' must be 1-40")]
    [InlineData("Fleet:Certificates:2:Name", "web", "Fleet:Certificates[2]:Name: 'web' is also Fleet:Certificates[0]:Name; each certificate needs its own name")]
    [InlineData("Fleet:Certificates:2:Names:0", "*.example.org", "Fleet:Certificates[2]:Names[0]: '*.example.org' is a wildcard")]
    [InlineData("Fleet:Certificates:2:Names:0", "mail", "Fleet:Certificates[2]:Names[0]: 'mail' is a single label")]
    [InlineData("Fleet:Certificates:2:Names:0", "10.0.0.256", "Fleet:Certificates[2]:Names[0]: '10.0.0.256' looks like an IP address")]
    [InlineData("Fleet:Certificates:0:Names:1", "WWW.example.com.", "Fleet:Certificates[0]:Names[1]: 'www.example.com' is also Fleet:Certificates[0]:Names[0]")]
    [InlineData("Fleet:Certificates:2:Names:0", "API.example.com", "Fleet:Certificates[2]:Names[0]: 'api.example.com' is also Fleet:Certificates[1]:Names[0]; a name may be in two certificates only when both set AllowNameOverlap")]
    [InlineData("Fleet:Certificates:2:Names:0", "lb0.example.com", "Fleet:LoadBalancers[0]:ExtraName: 'lb0.example.com' is also Fleet:Certificates[2]:Names[0]; an ExtraName is a name only this LB's certificate carries")]
    [InlineData("Fleet:Certificates:0:CarriesLbExtraName", "false", "Fleet:LoadBalancers[0]:ExtraName: 'lb0.example.com' is in no certificate; set CarriesLbExtraName")]
    [InlineData("Fleet:Certificates:0:CarriesLbExtraName", "yes", "Fleet:Certificates[0]:CarriesLbExtraName: 'yes' is not true or false")]
    [InlineData("Fleet:Certificates:1:AllowNameOverlap", "1", "Fleet:Certificates[1]:AllowNameOverlap: '1' is not true or false")]
    [InlineData("Fleet:Certificates:1:KeyType", "Dsa1024", "Fleet:Certificates[1]:KeyType: 'Dsa1024' is not one of EcP256, EcP384, Rsa2048, Rsa3072, Rsa4096")]
    [InlineData("Fleet:Certificates:1:KeyType", "9", "Fleet:Certificates[1]:KeyType: '9' is not one of EcP256")]
    [InlineData("Fleet:Certificates:1:Profile", "short lived", "Fleet:Certificates[1]:Profile: 'short lived' is not a profile name")]
    [InlineData("Fleet:Certificates:0:Nmaes:0", "x.example.com", "Fleet:Certificates:0:Nmaes: unknown key; did you mean 'Fleet:Certificates:0:Names'?")]
    [InlineData("Fleet:Certificates:1:CarriesExtraName", "true", "Fleet:Certificates:1:CarriesExtraName: unknown key; did you mean 'Fleet:Certificates:1:CarriesLbExtraName'?")]
    public void Each_mistake_is_reported_with_the_field_path(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(Good) { [key] = value };

        var error = Assert.Throws<OptionsValidationException>(() => FleetOptionsValidationTests.Bind(settings));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Neither_names_nor_certificates_is_an_error_that_names_both()
    {
        var settings = Good.Where(kv => !kv.Key.StartsWith("Fleet:Certificates:", StringComparison.Ordinal)).ToDictionary();

        var error = Assert.Throws<OptionsValidationException>(() => FleetOptionsValidationTests.Bind(settings));

        Assert.Contains("Fleet:Names: at least one DNS name is required (or Fleet:Certificates, a list of certificates with their names)", error.Failures);
    }

    [Fact]
    public void A_certificate_without_names_is_refused()
    {
        var settings = Good.Where(kv => !kv.Key.StartsWith("Fleet:Certificates:2:Names:", StringComparison.Ordinal)).ToDictionary();

        var error = Assert.Throws<OptionsValidationException>(() => FleetOptionsValidationTests.Bind(settings));

        Assert.Contains("Fleet:Certificates[2]:Names: at least one DNS name is required", error.Failures);
    }

    [Fact]
    public void Two_certificates_may_share_a_name_only_when_both_allow_it()
    {
        var overlapping = new Dictionary<string, string?>(Good) { ["Fleet:Certificates:2:Names:1"] = "api.example.com", ["Fleet:Certificates:2:AllowNameOverlap"] = "true" };

        var oneSide = Assert.Throws<OptionsValidationException>(() => FleetOptionsValidationTests.Bind(overlapping));
        overlapping["Fleet:Certificates:1:AllowNameOverlap"] = "true";
        var fleet = FleetOptionsValidationTests.Bind(overlapping);

        Assert.Contains("Fleet:Certificates[2]:Names[1]: 'api.example.com' is also Fleet:Certificates[1]:Names[0]; a name may be in two certificates only when both set AllowNameOverlap", oneSide.Failures);
        Assert.Equal(["mail.example.org", "api.example.com"], FleetCertificates.Find(fleet, "mail-2")!.Names);
    }

    [Fact]
    public void At_most_one_hundred_names_per_certificate_counting_the_lbs_extra_name()
    {
        var settings = new Dictionary<string, string?>(Good);
        for (var i = 0; i < 100; i++)
        {
            settings[$"Fleet:Certificates:2:Names:{i}"] = $"n{i}.example.org";
        }
        for (var i = 0; i < 99; i++)
        {
            settings[$"Fleet:Certificates:0:Names:{i}"] = $"w{i}.example.com";
        }

        // 100 names; certificate 0 carries the LB's ExtraName as its 100th.
        var fleet = FleetOptionsValidationTests.Bind(settings);
        settings["Fleet:Certificates:2:Names:100"] = "n100.example.org";
        settings["Fleet:Certificates:0:Names:99"] = "w99.example.com";
        var error = Assert.Throws<OptionsValidationException>(() => FleetOptionsValidationTests.Bind(settings));

        Assert.Equal(100, FleetCertificates.NamesFor(FleetCertificates.All(fleet)[0], fleet.LoadBalancers[0]).Count);
        Assert.Contains("Fleet:Certificates[2]:Names: 101 names; Let's Encrypt issues at most 100 names per certificate", error.Failures);
        Assert.Contains("Fleet:Certificates[0]:Names: 101 names (100 names and the LB's ExtraName); Let's Encrypt issues at most 100 names per certificate", error.Failures);
    }

    [Fact]
    public void Two_certificate_lb_pairs_with_one_store_name_are_refused()
    {
        // The default certificate on LB "web-lb0" and certificate "web" on LB "lb0" are both "{prefix}-web-lb0".
        var settings = new Dictionary<string, string?>(Good)
        {
            ["Fleet:Certificates:1:Name"] = "default",
            ["Fleet:LoadBalancers:1:Name"] = "web-lb0",
        };

        var error = Assert.Throws<OptionsValidationException>(() => FleetOptionsValidationTests.Bind(settings));
        settings["Fleet:LoadBalancers:1:Name"] = "lb1";

        Assert.Contains(error.Failures, f => f.StartsWith("Fleet:Certificates[1]:Name: 'default' on LB 'web-lb0' has the store name of certificate 'web' on LB 'lb0' ('{Engine:CertificateName}-web-lb0')", StringComparison.Ordinal));
        Assert.Equal("lbacme-lb1", FleetCertificates.StoreName("lbacme", FleetCertificates.All(FleetOptionsValidationTests.Bind(settings))[1].Name, "lb1"));
    }

    [Fact]
    public void A_store_name_must_fit_key_vault_with_the_longest_prefix()
    {
        // 60 + '-' + 40 + '-' + 25 = 127 fits; one more character of LB name does not.
        var settings = new Dictionary<string, string?>(Good)
        {
            ["Fleet:Certificates:1:Name"] = new string('c', 40),
            ["Fleet:LoadBalancers:1:Name"] = new string('l', 25),
        };

        FleetOptionsValidationTests.Bind(settings);
        settings["Fleet:LoadBalancers:1:Name"] = new string('l', 26);
        var error = Assert.Throws<OptionsValidationException>(() => FleetOptionsValidationTests.Bind(settings));

        Assert.Contains(error.Failures, f => f.StartsWith($"Fleet:Certificates[1]:Name: '{new string('c', 40)}' on LB '{new string('l', 26)}' gives a store name of 128 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void Certificate_names_are_bound_canonical_and_the_notes_say_what_changed()
    {
        var settings = new Dictionary<string, string?>(Good) { ["Fleet:Certificates:1:Names:0"] = "API.Example.com." };

        var fleet = FleetOptionsValidationTests.Bind(settings);
        var notes = FleetNames.Notes(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(FleetOptions.SectionName));

        Assert.Equal(["api.example.com"], fleet.Certificates[1].Names);
        Assert.Equal(["Fleet:Certificates[1]:Names[0]: 'API.Example.com.' is used as 'api.example.com'"], notes);
    }

    /// <summary>The shipped examples as an operator copies them: the shorthand file validates unchanged, the three-certificate one too.</summary>
    [Theory]
    [InlineData("fleet.json.example", "default", 1)]
    [InlineData("fleet-certificates.json.example", "web", 3)]
    public void The_shipped_fleet_files_validate(string file, string firstCertificate, int certificates)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(TestTools.RepoRoot, "infra", "packaging", file), optional: false, reloadOnChange: false).Build();
        using var provider = new ServiceCollection().AddLogging().Also(s => s.AddFleet(configuration)).BuildServiceProvider(validateScopes: true);

        var fleet = provider.GetRequiredService<IOptions<FleetOptions>>().Value;

        var all = FleetCertificates.All(fleet);
        Assert.Equal(certificates, all.Count);
        Assert.Equal(firstCertificate, all[0].Name);
        Assert.All(fleet.LoadBalancers, lb => Assert.Contains(lb.ExtraName!, FleetCertificates.NamesFor(all[0], lb)));
    }
}
