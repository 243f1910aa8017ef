namespace LbAcme.DaprDouble;

/// <summary>What became of a published message, in daprd's terms.</summary>
public enum DeliveryStatus
{
    /// <summary>The app answered SUCCESS (or 2xx without a readable status): the message is acknowledged.</summary>
    Success,

    /// <summary>The app asked for a retry (RETRY, an unknown status, a non-2xx other than 404, no answer) on every attempt, or daprd could not read the message: the broker redelivers.</summary>
    Retry,

    /// <summary>The app answered DROP or 404, or the event had expired: acknowledged without processing.</summary>
    Drop,

    /// <summary>No subscription (declarative or programmatic) covers this pub/sub and topic: daprd never receives it.</summary>
    NotSubscribed,
}
