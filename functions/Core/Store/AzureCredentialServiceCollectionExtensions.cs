using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LbAcme.Core.Store;

public static class AzureCredentialServiceCollectionExtensions
{
    /// <summary>
    /// The process's one Azure credential (managed identity in Azure, whatever DefaultAzureCredential finds
    /// elsewhere): the store, Key Vault, the queue and telemetry all take it from here, so tokens are cached once.
    /// TryAdd, so a host or a test can register its own first.
    /// </summary>
    public static IServiceCollection AddAzureCredential(this IServiceCollection services)
    {
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        return services;
    }
}
