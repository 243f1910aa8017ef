using Azure.Storage.Blobs;
using LbAcme.Core.Fleet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>The app setting Azure sets to the function app's host name; the status page link is built from it.</summary>
    public const string HostNameSetting = "WEBSITE_HOSTNAME";

    /// <summary>
    /// Notifications from <c>Fleet:Notifications</c>, validated at start (each webhook's URL setting must be set and
    /// hold an https URL). Without webhooks, <see cref="NotificationsOff"/>: nothing is read or sent. The webhook client
    /// logs nothing of its own, because the factory's default request lines would carry the URL.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>>(new NotificationOptionsValidation(configuration)));
        var webhooks = configuration.GetSection($"{FleetOptions.SectionName}:{nameof(FleetOptions.Notifications)}:{nameof(NotificationOptions.Webhooks)}");
        if (!webhooks.GetChildren().Any())
        {
            services.TryAddSingleton<IFleetNotifications, NotificationsOff>();
            return services;
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new DeliveryOptions());
        services.TryAddSingleton(sp => Channels(sp.GetRequiredService<IOptions<FleetOptions>>().Value.Notifications, configuration));
        services.TryAddSingleton<INotificationStateStore>(sp => new BlobNotificationStateStore(sp.GetRequiredService<BlobContainerClient>()));
        services.AddHttpClient<WebhookSender>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers();
        services.TryAddTransient<IFleetNotifications, WebhookNotifications>();
        return services;
    }

    /// <summary>The channels, each URL read from its setting; validation at start has already refused a missing or wrong one.</summary>
    public static NotificationChannels Channels(NotificationOptions options, IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var webhooks = new List<WebhookChannel>();
        foreach (var webhook in options.Webhooks)
        {
            if (!WebhookUrl.TryRead(settings, webhook.UrlSetting, out var url, out var problem))
            {
                throw new OptionsValidationException(FleetOptions.SectionName, typeof(NotificationOptions), [$"{FleetOptions.SectionName}:Notifications:Webhooks '{webhook.Name}': {problem}"]);
            }
            webhooks.Add(new WebhookChannel(webhook.Name, webhook.Kind, url!));
        }
        var host = settings[HostNameSetting];
        var statusUrl = string.IsNullOrWhiteSpace(host) || !Uri.TryCreate($"https://{host}/api/status", UriKind.Absolute, out var parsed) ? null : parsed;
        return new NotificationChannels(webhooks, statusUrl);
    }
}
