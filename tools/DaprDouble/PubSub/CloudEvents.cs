namespace LbAcme.DaprDouble.PubSub;

/// <summary>The CloudEvents 1.0 names daprd uses (components-contrib pubsub/envelope.go).</summary>
internal static class CloudEvents
{
    /// <summary>The Content-Type of every delivery to the app (structured mode).</summary>
    public const string ContentType = "application/cloudevents+json";

    public const string SpecVersion = "1.0";

    /// <summary>The type daprd gives an event it builds itself.</summary>
    public const string DaprEventType = "com.dapr.event.sent";

    /// <summary>The source daprd gives an event it builds itself.</summary>
    public const string DaprSource = "Dapr";
}
