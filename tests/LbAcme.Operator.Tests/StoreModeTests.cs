using LbAcme.Operator.Status;

namespace LbAcme.Operator.Tests;

/// <summary>
/// Store mode's own part: flags become the function's setting keys, and a configuration the function would refuse is
/// UNKNOWN with the field named. (Reading a real store through the status source is tested against Azurite once the
/// status source is registered by the renewal engine.)
/// </summary>
public sealed class StoreModeTests
{
    [Fact]
    public void The_flags_become_the_settings_the_function_reads_and_win_over_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lbacme-operator-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "Store": { "Container": "from-file", "RequestTimeout": "00:00:05" }, "Fleet": { "Names": [ "svc.example" ] } }""");
        try
        {
            var arguments = new StoreArguments(file, "UseDevelopmentStorage=true", new Uri("https://acct.blob.core.windows.net/"), "from-flag", "keyvault", "certs", new Uri("https://vault.vault.azure.net/"));

            var configuration = StoreConfiguration.Build(arguments, out var problem)!;

            Assert.Null(problem);
            Assert.Equal("UseDevelopmentStorage=true", configuration["Store:ConnectionString"]);
            Assert.Equal("https://acct.blob.core.windows.net/", configuration["Store:ServiceUri"]);
            Assert.Equal("from-flag", configuration["Store:Container"]);
            Assert.Equal("00:00:05", configuration["Store:RequestTimeout"]);
            Assert.Equal("keyvault", configuration["Engine:CertificateStore"]);
            Assert.Equal("certs", configuration["Engine:CertificateContainer"]);
            Assert.Equal("https://vault.vault.azure.net/", configuration["Engine:KeyVaultUri"]);
            Assert.Equal("svc.example", configuration["Fleet:Names:0"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_config_file_is_unknown()
    {
        var result = await Command.RunAsync(null, null, "status", "--store-connection-string", "UseDevelopmentStorage=true", "--config", "/nonexistent/fleet.json");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--config: /nonexistent/fleet.json does not exist", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fleet_the_function_would_refuse_is_unknown_with_the_fields_named()
    {
        var result = await Command.RunAsync(new Dictionary<string, string> { ["LBACME_STORE_CONNECTION_STRING"] = "UseDevelopmentStorage=true" }, null, "status");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("LB-ACME UNKNOWN - configuration: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Fleet:LoadBalancers", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("UseDevelopmentStorage", result.All, StringComparison.Ordinal);
    }
}
