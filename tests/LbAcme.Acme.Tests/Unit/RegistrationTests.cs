using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>AddAcmeClient wires a typed client through IHttpClientFactory, with options checked before first use.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void The_client_resolves_from_a_real_container_with_its_options()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAcmeClient(o => o.DirectoryUrl = new Uri("https://acme-staging-v02.api.letsencrypt.org/directory"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var client = provider.GetRequiredService<AcmeClient>();

        Assert.Equal(new Uri("https://acme-staging-v02.api.letsencrypt.org/directory"), client.DirectoryUrl);
    }

    [Fact]
    public void A_missing_directory_url_and_a_silly_timeout_are_reported_by_name()
    {
        var services = new ServiceCollection();
        services.AddAcmeClient(o => o.RequestTimeout = TimeSpan.FromHours(2));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AcmeClientOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(nameof(AcmeClientOptions.DirectoryUrl), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(AcmeClientOptions.RequestTimeout), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_request_carries_the_User_Agent_RFC8555_requires_and_a_language()
    {
        using var ca = new HeaderRecordingHandler();
        var client = new AcmeClient(new HttpClient(ca), Options.Create(new AcmeClientOptions { DirectoryUrl = new Uri("https://ca.test/directory"), UserAgent = "fleet-x/2.1" }));

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetDirectoryAsync(CancellationToken.None));

        var request = Assert.Single(ca.Requests);
        Assert.StartsWith("fleet-x/2.1 LbAcme.Acme/", request.Headers.UserAgent.ToString(), StringComparison.Ordinal);
        Assert.Equal("en", request.Headers.AcceptLanguage.ToString());
    }

    private sealed class HeaderRecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }
    }
}
