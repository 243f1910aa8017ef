using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Core.Store;

public static class StoreServiceCollectionExtensions
{
    public const string HttpClientName = "lb-acme-store";

    /// <summary>
    /// Registers the blob container client and <see cref="IChallengeStore"/> for the given options. The SDK
    /// talks through an <see cref="IHttpClientFactory"/> client with no proxy, no redirects and a connect
    /// timeout; the SDK's own retries are few and short because callers retry on their own schedule.
    /// </summary>
    public static IServiceCollection AddChallengeStore(this IServiceCollection services, Func<IServiceProvider, StoreOptions> options)
    {
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = options(sp).RequestTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddAzureCredential();
        services.TryAddSingleton(sp => CreateContainerClient(options(sp), sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton<IChallengeStore>(sp =>
            new BlobChallengeStore(sp.GetRequiredService<BlobContainerClient>(), options(sp).RequestTimeout));
        return services;
    }

    /// <summary>Variant for hosts whose <see cref="StoreOptions"/> come from the Options pattern.</summary>
    public static IServiceCollection AddChallengeStore(this IServiceCollection services) =>
        services.AddChallengeStore(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value);

    /// <summary>
    /// The container client for the configured way in; <paramref name="credential"/>, the process's one
    /// (<see cref="AzureCredentialServiceCollectionExtensions.AddAzureCredential"/>), is used with <see cref="StoreOptions.ServiceUri"/>.
    /// </summary>
    public static BlobContainerClient CreateContainerClient(StoreOptions options, IHttpClientFactory httpClients, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(credential);
        var clientOptions = new BlobClientOptions
        {
            Transport = new HttpClientTransport(httpClients.CreateClient(HttpClientName)),
        };
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        if (options.ServiceUri is { } serviceUri)
        {
            return new BlobContainerClient(StoreEndpoint.ContainerUri(serviceUri, options.Container), credential, clientOptions);
        }
        return options.ContainerSasUri is { } sas
            ? new BlobContainerClient(sas, clientOptions)
            : new BlobContainerClient(options.ConnectionString, options.Container, clientOptions);
    }
}
