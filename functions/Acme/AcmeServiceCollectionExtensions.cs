using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Acme;

public static class AcmeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AcmeClient"/> as a typed client of <see cref="IHttpClientFactory"/>, with options
    /// validated at start. The handler never follows redirects, uses no proxy or cookies, and connects within 10 s.
    /// </summary>
    public static IHttpClientBuilder AddAcmeClient(this IServiceCollection services, Action<AcmeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AcmeClientOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        return services.AddHttpClient(nameof(AcmeClient))
            .AddTypedClient((http, sp) => new AcmeClient(
                http,
                sp.GetRequiredService<IOptions<AcmeClientOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<Microsoft.Extensions.Logging.ILogger<AcmeClient>>()))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
    }
}
