using LbAcme.Core.Store;

namespace LbAcme.Infra.Tests.Store;

/// <summary>Store:ServiceUri, the identity-based way to the shared store that the Bicep deployment configures.</summary>
public sealed class StoreEndpointTests
{
    [Theory]
    [InlineData("https://acct.blob.core.windows.net/", "lb-acme", "https://acct.blob.core.windows.net/lb-acme")]
    [InlineData("https://acct.blob.core.windows.net", "lb-acme", "https://acct.blob.core.windows.net/lb-acme")]
    [InlineData("https://localhost:10443/devstoreaccount1/", "store", "https://localhost:10443/devstoreaccount1/store")]
    public void The_container_URL_is_the_service_URL_plus_the_container(string service, string container, string expected)
    {
        Assert.Equal(new Uri(expected), StoreEndpoint.ContainerUri(new Uri(service), container));
    }

    [Theory]
    [InlineData("http://acct.blob.core.windows.net/", "lb-acme", "Store:ServiceUri")]
    [InlineData("https://acct.blob.core.windows.net/?sv=2024&sig=x", "lb-acme", "Store:ServiceUri")]
    [InlineData("https://acct.blob.core.windows.net/", " ", "Store:Container")]
    public void Bad_input_is_refused_naming_the_field(string service, string container, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => StoreEndpoint.ContainerUri(new Uri(service), container));

        Assert.StartsWith(field + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_service_URL_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => StoreEndpoint.ContainerUri(new Uri("acct/", UriKind.Relative), "lb-acme"));

        Assert.StartsWith("Store:ServiceUri:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_URL_alone_counts_as_configured()
    {
        Assert.True(new StoreOptions { ServiceUri = new Uri("https://acct.blob.core.windows.net/") }.IsConfigured);
        Assert.False(new StoreOptions().IsConfigured);
    }
}
