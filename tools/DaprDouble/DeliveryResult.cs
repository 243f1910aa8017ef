namespace LbAcme.DaprDouble;

/// <summary>
/// One published message's fate: the outcome, how many POSTs reached (or were tried on) the app, the HTTP status of
/// each answered attempt in order, and daprd's error text for the last failure (null on success).
/// </summary>
public sealed record DeliveryResult(DeliveryStatus Status, int Attempts, IReadOnlyList<int> HttpStatuses, string? Error)
{
    /// <summary>The route the message was posted to; null when it was not delivered.</summary>
    public string? Route { get; init; }
}
