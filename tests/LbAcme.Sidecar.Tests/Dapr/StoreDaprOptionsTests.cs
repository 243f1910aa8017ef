using LbAcme.Certificates;
using LbAcme.Sidecar.Certificates.Dapr;
using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>Sidecar:CertificateSync:Dapr bound and validated through the daemon's own registration (Store=dapr); errors name the field.</summary>
public sealed class StoreDaprOptionsTests
{
    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Fleet:Names:0"] = "svc.example.com",
        ["Fleet:AcmeDirectoryUrl"] = "https://acme-v02.api.letsencrypt.org/directory",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
        ["Fleet:LoadBalancers:0:HttpPort"] = "80",
        ["Fleet:LoadBalancers:0:PeerPort"] = "31080",
        ["Sidecar:LoadBalancer"] = "lb0",
        ["Sidecar:MetricsEndpoint"] = "127.0.0.1:9180",
        ["Sidecar:CertificateSync:Enabled"] = "true",
        ["Sidecar:CertificateSync:Store"] = "dapr",
    };

    [Fact]
    public void The_defaults_are_daprds_loopback_grpc_port_and_the_agreed_component_and_need_no_blob_store()
    {
        using var provider = Build(Good);

        Assert.Empty(ConfigurationErrors.Validate(provider));
        var store = provider.GetRequiredService<ICertificateStore>();
        Assert.IsType<DaprCertificateStore>(store);
    }

    [Theory]
    [InlineData("http://127.0.0.1:50001")]
    [InlineData("http://localhost:50001")]
    [InlineData("https://[::1]:50001")]
    [InlineData("http://127.0.0.2:40001/")]
    public void A_loopback_endpoint_is_accepted(string endpoint)
    {
        using var provider = Build(new(Good) { ["Sidecar:CertificateSync:Dapr:GrpcEndpoint"] = endpoint });

        Assert.Empty(ConfigurationErrors.Validate(provider));
    }

    [Theory]
    [InlineData("Sidecar:CertificateSync:Dapr:GrpcEndpoint", "http://10.0.0.5:50001", "Sidecar:CertificateSync:Dapr:GrpcEndpoint: 'http://10.0.0.5:50001/' is not a loopback address")]
    [InlineData("Sidecar:CertificateSync:Dapr:GrpcEndpoint", "http://daprd.example.com:50001", "Sidecar:CertificateSync:Dapr:GrpcEndpoint: 'http://daprd.example.com:50001/' is not a loopback address")]
    [InlineData("Sidecar:CertificateSync:Dapr:GrpcEndpoint", "unix:///run/dapr.sock", "Sidecar:CertificateSync:Dapr:GrpcEndpoint: 'unix:///run/dapr.sock' must be an http(s) URL")]
    [InlineData("Sidecar:CertificateSync:Dapr:GrpcEndpoint", "http://127.0.0.1:50001/v1", "Sidecar:CertificateSync:Dapr:GrpcEndpoint: 'http://127.0.0.1:50001/v1' must be scheme, host and port only")]
    [InlineData("Sidecar:CertificateSync:Dapr:SecretStore", "Certificates", "Sidecar:CertificateSync:Dapr:SecretStore: 'Certificates' is not a Dapr component name")]
    [InlineData("Sidecar:CertificateSync:Dapr:SecretStore", "-certificates", "Sidecar:CertificateSync:Dapr:SecretStore: '-certificates' is not a Dapr component name")]
    [InlineData("Sidecar:CertificateSync:Dapr:SecretStore", "", "Sidecar:CertificateSync:Dapr:SecretStore: '' is not a Dapr component name")]
    [InlineData("Sidecar:CertificateSync:Dapr:AppPort", "0", "Sidecar:CertificateSync:Dapr:AppPort: '0' must be between 1 and 65535")]
    [InlineData("Sidecar:CertificateSync:Dapr:AppPort", "70000", "Sidecar:CertificateSync:Dapr:AppPort: '70000' must be between 1 and 65535")]
    [InlineData("Sidecar:CertificateSync:Dapr:AppPort", "80", "Sidecar:CertificateSync:Dapr:AppPort: port 80 is already this LB's HttpPort or PeerPort")]
    [InlineData("Sidecar:CertificateSync:Dapr:AppPort", "31080", "Sidecar:CertificateSync:Dapr:AppPort: port 31080 is already this LB's HttpPort or PeerPort")]
    [InlineData("Sidecar:CertificateSync:Dapr:AppPort", "9180", "Sidecar:CertificateSync:Dapr:AppPort: port 9180 is already Sidecar:MetricsEndpoint's")]
    [InlineData("Sidecar:CertificateSync:Dapr:EventCoalesceWindow", "00:00:00.050", "Sidecar:CertificateSync:Dapr:EventCoalesceWindow: '00:00:00.0500000' must be between")]
    [InlineData("Sidecar:CertificateSync:Dapr:EventCoalesceWindow", "00:02:00", "Sidecar:CertificateSync:Dapr:EventCoalesceWindow: '00:02:00' must be between")]
    public void A_wrong_field_is_named(string key, string value, string expected)
    {
        using var provider = Build(new(Good) { [key] = value });

        var errors = ConfigurationErrors.Validate(provider);

        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public void With_events_off_the_app_port_and_window_are_not_used_so_not_checked()
    {
        using var provider = Build(new(Good)
        {
            ["Sidecar:CertificateSync:Dapr:Events"] = "false",
            ["Sidecar:CertificateSync:Dapr:AppPort"] = "80",
            ["Sidecar:CertificateSync:Dapr:EventCoalesceWindow"] = "00:00:00",
        });

        Assert.Empty(ConfigurationErrors.Validate(provider));
    }

    [Fact]
    public void The_dapr_section_is_not_checked_for_another_store()
    {
        using var provider = Build(new(Good)
        {
            ["Sidecar:CertificateSync:Store"] = "blob",
            ["Sidecar:Store:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Sidecar:CertificateSync:Dapr:GrpcEndpoint"] = "http://10.0.0.5:50001",
        });

        Assert.Empty(ConfigurationErrors.Validate(provider));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSidecarCore(configuration).AddCertificateSync().BuildServiceProvider(validateScopes: true);
    }
}
