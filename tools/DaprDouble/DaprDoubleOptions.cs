using LbAcme.Core.Dapr;

namespace LbAcme.DaprDouble;

/// <summary>
/// How the double is started: what daprd would learn from its flags (--app-id, --app-port, --resources-path), its
/// environment (DAPR_API_TOKEN, APP_API_TOKEN) and its resiliency policy for pub/sub deliveries.
/// </summary>
public sealed record DaprDoubleOptions
{
    /// <summary>--app-id: declarative subscriptions with scopes apply only when they name it.</summary>
    public string AppId { get; init; } = DaprNames.AppId("lb1");

    /// <summary>--app-port on 127.0.0.1 (app protocol http); null = no app (no discovery, no delivery).</summary>
    public int? AppPort { get; init; }

    /// <summary>--resources-path: a folder of Component and Subscription YAML files; null = none.</summary>
    public string? ResourcesPath { get; init; }

    /// <summary>Secret store names served besides the secretstores.* components found in <see cref="ResourcesPath"/>.</summary>
    public IReadOnlyList<string> SecretStores { get; init; } = [DaprNames.SecretStore];

    /// <summary>Pub/sub component names loaded besides the pubsub.* components found in <see cref="ResourcesPath"/>.</summary>
    public IReadOnlyList<string> PubSubs { get; init; } = [DaprNames.PubSub];

    /// <summary>DAPR_API_TOKEN: when set, every runtime API call must carry it as dapr-api-token metadata.</summary>
    public string? DaprApiToken { get; init; }

    /// <summary>APP_API_TOKEN: when set, every call to the app carries it as the dapr-api-token header.</summary>
    public string? AppApiToken { get; init; }

    /// <summary>Attempts per published message before the delivery is given up (daprd's resiliency retries + 1).</summary>
    public int MaxDeliveryAttempts { get; init; } = 3;

    /// <summary>The pause between delivery attempts (a constant retry policy).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Deliveries in flight to the app at once (the Service Bus component's maxConcurrentHandlers); null = unlimited,
    /// further publishes wait for a free slot.
    /// </summary>
    public int? MaxConcurrentDeliveries { get; init; }

    /// <summary>The bound on each call to the app (subscribe, deliver).</summary>
    public TimeSpan AppCallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for retry delays and event expiry.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(AppId);
        ArgumentNullException.ThrowIfNull(SecretStores);
        ArgumentNullException.ThrowIfNull(PubSubs);
        ArgumentNullException.ThrowIfNull(Time);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDeliveryAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AppCallTimeout, TimeSpan.Zero);
        if (MaxConcurrentDeliveries is { } concurrent)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(concurrent, 1);
        }
        if (AppPort is { } port)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        }
    }
}
