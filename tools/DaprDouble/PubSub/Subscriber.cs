namespace LbAcme.DaprDouble.PubSub;

/// <summary>
/// daprd's subscriber side for one app: the subscriptions it knows (programmatic from GET /dapr/subscribe, then
/// declarative from the resources path, an identical pair kept once as daprd does, and only for pub/sub components
/// it loaded), and a message taken from the broker turned into a delivery to the route.
/// </summary>
internal sealed class Subscriber(AppChannel? channel, IReadOnlyList<DaprSubscription> declarative, IReadOnlySet<string> pubSubs, DaprDoubleOptions options) : IDisposable
{
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private readonly SemaphoreSlim? _inFlight = options.MaxConcurrentDeliveries is { } most ? new(most, most) : null;
    private IReadOnlyList<DaprSubscription>? _subscriptions;

    public async Task<IReadOnlyList<DaprSubscription>> DiscoverAsync(CancellationToken cancellationToken)
    {
        await _discovery.WaitAsync(cancellationToken);
        try
        {
            var programmatic = channel is null ? [] : await ProgrammaticAsync(channel, cancellationToken);
            var all = programmatic
                .Concat(declarative.Where(d => !programmatic.Any(p => p.PubSubName == d.PubSubName && p.Topic == d.Topic && p.Route == d.Route)))
                .Where(s => pubSubs.Contains(s.PubSubName))
                .ToList();
            _subscriptions = all;
            return all;
        }
        finally
        {
            _discovery.Release();
        }
    }

    public async Task<DeliveryResult> PublishAsync(string pubSub, string topic, string messageBody, CancellationToken cancellationToken)
    {
        if (channel is null)
        {
            throw new InvalidOperationException("The double was started without an AppPort: there is no app to deliver to.");
        }
        var subscriptions = _subscriptions ?? await DiscoverAsync(cancellationToken);
        var subscription = subscriptions.FirstOrDefault(s => s.PubSubName == pubSub && s.Topic == topic);
        if (subscription is null)
        {
            return NotDelivered(DeliveryStatus.NotSubscribed, $"no subscription to topic {topic} on pubsub {pubSub} for app {options.AppId}");
        }
        if (subscription.Route is not { } route)
        {
            // Only rules with match expressions, which the double does not evaluate: daprd would skip (acknowledge)
            // an event that matches none, so that is what is reported.
            return NotDelivered(DeliveryStatus.Drop, $"no matching route for event in pubsub {pubSub} and topic {topic}; skipping");
        }
        var prepared = Envelope.Prepare(messageBody, subscription, topic, options.Time);
        if (prepared.NotDelivered is { } status)
        {
            return NotDelivered(status, prepared.Error);
        }
        if (_inFlight is null)
        {
            return await new Postman(channel, options, options.Time).DeliverAsync(route, prepared, topic, cancellationToken);
        }
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            return await new Postman(channel, options, options.Time).DeliverAsync(route, prepared, topic, cancellationToken);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public void Dispose()
    {
        channel?.Dispose();
        _discovery.Dispose();
        _inFlight?.Dispose();
    }

    private static async Task<IReadOnlyList<DaprSubscription>> ProgrammaticAsync(AppChannel channel, CancellationToken cancellationToken)
    {
        var (reply, error) = await channel.SendAsync(HttpMethod.Get, Core.Dapr.DaprNames.SubscribeRoute, null, cancellationToken);
        return reply is null
            ? throw new HttpRequestException($"unable to get app subscriptions: {error}")
            : ProgrammaticSubscriptions.Read(reply);
    }

    private static DeliveryResult NotDelivered(DeliveryStatus status, string? error) => new(status, 0, [], error);
}
