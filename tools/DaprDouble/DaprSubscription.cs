namespace LbAcme.DaprDouble;

/// <summary>
/// A topic subscription as daprd holds it after discovery: declarative (a Subscription resource file) or programmatic
/// (GET /dapr/subscribe on the app). <see cref="Route"/> is where deliveries go: the first rule without a match
/// expression, else the default route. Rules WITH a match expression are kept but never chosen: the double does not
/// evaluate CEL.
/// </summary>
public sealed record DaprSubscription(string PubSubName, string Topic, string? DefaultRoute, IReadOnlyList<DaprRouteRule> Rules, bool RawPayload, string Origin)
{
    public string? Route => Rules.FirstOrDefault(r => string.IsNullOrEmpty(r.Match))?.Path ?? DefaultRoute;
}

/// <summary>One routes.rules entry: a CEL match expression (empty = always) and its path.</summary>
public sealed record DaprRouteRule(string? Match, string Path);
