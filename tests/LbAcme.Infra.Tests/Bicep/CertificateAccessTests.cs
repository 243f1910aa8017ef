using LbAcme.Core.Fleet;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Infra.Tests.Bicep;

/// <summary>
/// A fleet of several certificates, as the deployment would set it up: each LB reads the secret of every one of its
/// certificates (named as <see cref="FleetCertificates.StoreName"/> names them) and nothing else, and the function
/// reads the same certificates from its app settings.
/// </summary>
[Collection(BicepDeployments.Name)]
public sealed class CertificateAccessTests(BicepFixture fixture)
{
    private static readonly string[] Certificates = ["default", "api", "web"];

    [Theory]
    [InlineData("lb0")]
    [InlineData("lb1")]
    [InlineData("lb2")]
    public void An_LB_reads_the_secret_of_each_of_its_certificates_and_no_other(string lb)
    {
        var vault = DeploymentSnapshot.Name(fixture.Certificates.One("Microsoft.KeyVault/vaults"));

        var scopes = fixture.Certificates.RoleAssignments
            .Where(a => a.PrincipalId == BicepFixture.PrincipalOf(lb) && a.Role == RoleIds.KeyVaultSecretsUser)
            .Select(a => a.Scope[(a.Scope.IndexOf($"/vaults/{vault}/secrets/", StringComparison.Ordinal) + $"/vaults/{vault}/secrets/".Length)..])
            .Order(StringComparer.Ordinal);

        Assert.Equal(Certificates.Select(c => FleetCertificates.StoreName("lbacme", c, lb)).Order(StringComparer.Ordinal), scopes);
        Assert.DoesNotContain(fixture.Certificates.RoleAssignments, a => a.PrincipalId == BicepFixture.PrincipalOf(lb) && a.Scope.EndsWith($"/vaults/{vault}", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_certificate_lb_pair_has_its_own_assignment_and_the_outputs_name_every_secret()
    {
        var secretReaders = fixture.Certificates.RoleAssignments.Where(a => a.Role == RoleIds.KeyVaultSecretsUser).ToList();
        var storeNames = fixture.Certificates.Outputs.GetProperty("storeNames").EnumerateArray()
            .Select(n => $"{n.GetProperty("certificate").GetString()}/{n.GetProperty("lb").GetString()}={n.GetProperty("name").GetString()}");

        Assert.Equal(Certificates.Length * BicepFixture.Lbs.Length, secretReaders.Select(a => (a.PrincipalId, a.Scope)).Distinct().Count());
        Assert.Equal(
            Certificates.SelectMany(c => BicepFixture.Lbs.Select(lb => $"{c}/{lb}={FleetCertificates.StoreName("lbacme", c, lb)}")).Order(StringComparer.Ordinal),
            storeNames.Order(StringComparer.Ordinal));
        // The shorthand fleet keeps one secret per LB, under the name it always had.
        Assert.Equal(BicepFixture.Lbs.Length, fixture.Flex.RoleAssignments.Count(a => a.Role == RoleIds.KeyVaultSecretsUser));
    }

    [Fact]
    public void The_function_reads_the_same_certificates_from_its_app_settings()
    {
        var fleetSettings = fixture.Certificates.AppSettings().Where(s => s.Key.StartsWith("Fleet__", StringComparison.Ordinal))
            .Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value));
        var section = new ConfigurationBuilder().AddInMemoryCollection(fleetSettings).Build().GetSection(FleetOptions.SectionName);
        var fleet = section.Get<FleetOptions>()!;

        var result = new FleetOptionsValidation(section).Validate(null, fleet);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Empty(fleet.Names);
        var all = FleetCertificates.All(fleet);
        Assert.Equal(Certificates, all.Select(c => c.Name));
        Assert.Equal(["lb0.svc.example.com", "svc.example.com"], FleetCertificates.NamesFor(all[0], fleet.LoadBalancers[0]).Order(StringComparer.Ordinal));
        Assert.Equal(LbAcme.Core.Keys.KeyType.Rsa2048, all[1].KeyType);
        Assert.Equal("shortlived", all[2].Profile);
        Assert.Equal("tlsserver", all[1].Profile);
        Assert.False(all[2].CarriesLbExtraName);
    }
}
