using LbAcme.DaprDouble.PubSub;
using LbAcme.DaprDouble.Resources;
using LbAcme.DaprDouble.Runtime;

namespace LbAcme.DaprDouble;

/// <summary>
/// An in-process stand-in for the LB's daprd, for tests and benchmarks (no daprd can be installed here). Towards the
/// app it speaks daprd's protocols: the gRPC runtime API's secret calls on <see cref="GrpcEndpoint"/>, and pub/sub
/// delivery to the app port. What only a real daprd can confirm: the components themselves (Key Vault, Service Bus),
/// resiliency policies beyond a constant retry, CEL route rules, and gRPC methods other than the secret ones.
/// </summary>
public sealed class DaprDouble : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DaprDoubleOptions _options;
    private readonly SecretBook _secrets;
    private readonly SecretService _secretService;
    private readonly Subscriber _subscriber;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private RuntimeHost? _runtime;

    private DaprDouble(DaprDoubleOptions options, SecretBook secrets, SecretService secretService, Subscriber subscriber, RuntimeHost runtime)
    {
        _options = options;
        _secrets = secrets;
        _secretService = secretService;
        _subscriber = subscriber;
        _runtime = runtime;
        GrpcPort = runtime.Port;
    }

    /// <summary>Where the app's DaprClient points (DaprClientBuilder.UseGrpcEndpoint): http://127.0.0.1:PORT.</summary>
    public Uri GrpcEndpoint => new($"http://127.0.0.1:{GrpcPort}");

    /// <summary>The runtime API's port; the same after <see cref="StartAgainAsync"/>.</summary>
    public int GrpcPort { get; }

    /// <summary>The options the double was started with.</summary>
    public DaprDoubleOptions Options => _options;

    /// <summary>
    /// Loads the resources path (components, declarative subscriptions) and starts the runtime API on a free loopback
    /// port. Subscriptions are discovered on the first <see cref="PublishAsync"/> or by <see cref="DiscoverAsync"/>.
    /// </summary>
    public static async Task<DaprDouble> StartAsync(DaprDoubleOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var resources = ResourceFiles.Load(options.ResourcesPath, options.AppId);
        var secrets = new SecretBook(options.SecretStores.Select(s => new SecretStoreComponent(s)).Concat(resources.SecretStores));
        var channel = options.AppPort is { } appPort ? new AppChannel(appPort, options.AppApiToken, options.AppCallTimeout) : null;
        var subscriber = new Subscriber(channel, resources.Subscriptions, options.PubSubs.Concat(resources.PubSubs).ToHashSet(StringComparer.Ordinal), options);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var secretService = new SecretService(secrets, options.DaprApiToken);
            var runtime = await RuntimeHost.StartAsync(0, secretService, timeout.Token);
            return new DaprDouble(options, secrets, secretService, subscriber, runtime);
        }
        catch
        {
            subscriber.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The Event Grid CloudEvent (CloudEventSchemaV1_0) for Microsoft.KeyVault.CertificateNewVersionCreated, as it
    /// arrives in the Service Bus message body; <paramref name="time"/> defaults to now.
    /// </summary>
    public static string KeyVaultEvent(string vaultName, string objectName, string version, DateTimeOffset notBefore, DateTimeOffset expires, DateTimeOffset? time = null) =>
        KeyVaultEvents.CertificateNewVersionCreated(vaultName, objectName, version, notBefore, expires, time ?? DateTimeOffset.UtcNow);

    /// <summary>
    /// Subscription discovery as daprd does it at start: GET /dapr/subscribe on the app (404 or empty = none), plus the
    /// declarative Subscription files scoped to the app id; only for pub/sub components daprd loaded. Re-reads the app.
    /// </summary>
    public Task<IReadOnlyList<DaprSubscription>> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        RequireRunning();
        return _subscriber.DiscoverAsync(cancellationToken);
    }

    /// <summary>
    /// A message the broker hands daprd on <paramref name="pubSub"/>/<paramref name="topic"/> with this body (for the
    /// LB: what Event Grid wrote to Service Bus), delivered to the app as daprd would; returns when daprd would settle
    /// it (acknowledge, drop, or give it back to the broker after the last retry).
    /// </summary>
    public Task<DeliveryResult> PublishAsync(string pubSub, string topic, string messageBody, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pubSub);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(messageBody);
        RequireRunning();
        return _subscriber.PublishAsync(pubSub, topic, messageBody, cancellationToken);
    }

    /// <summary>Stores (or replaces) a secret; the next GetSecret answers it.</summary>
    public void SetSecret(string store, string name, string value) => _secrets.Set(store, name, value);

    /// <summary>Deletes a secret; GetSecret then fails as daprd does for a missing secret.</summary>
    public void RemoveSecret(string store, string name) => _secrets.Remove(store, name);

    /// <summary>GetSecret calls that reached <paramref name="store"/> for <paramref name="name"/>, found or not.</summary>
    public int SecretReads(string store, string name) => _secrets.Reads(store, name);

    /// <summary>Every GetSecret and GetBulkSecret call that reached a store.</summary>
    public int SecretReadsTotal => _secrets.ReadsTotal;

    /// <summary>Those calls in order, with the metadata each carried.</summary>
    public IReadOnlyList<SecretRead> SecretReadLog => _secrets.Log;

    /// <summary>Stops the runtime API ("daprd went away"): calls fail Unavailable until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_runtime is { } runtime)
            {
                _runtime = null;
                await runtime.DisposeAsync();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts the runtime API again on the same port, with the secrets and counts it had.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_runtime is null)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(StartTimeout);
                _runtime = await RuntimeHost.StartAsync(GrpcPort, _secretService, timeout.Token);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>A stopped daprd takes nothing from the broker: publishing to it is a mistake in the test, not a case to model.</summary>
    private void RequireRunning()
    {
        if (Volatile.Read(ref _runtime) is null)
        {
            throw new InvalidOperationException("The double is stopped (StopAsync): daprd delivers nothing until StartAgainAsync.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _subscriber.Dispose();
        _lifecycle.Dispose();
    }
}
