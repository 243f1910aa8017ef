namespace LbAcme.Functions.Queue;

/// <summary>
/// The renewal queue as the function app, the stand-in host and the Bicep deployment know it. host.json's
/// extensions.queues.maxDequeueCount must equal <see cref="MaxDequeueCount"/> (a test reads host.json).
/// </summary>
public static class RenewalQueueContract
{
    public const string QueueName = "lb-renewals";

    /// <summary>Where the host moves a message after its last failed delivery (the host's naming rule: "{queue}-poison").</summary>
    public const string PoisonQueueName = QueueName + "-poison";

    /// <summary>Connection setting prefix: "RenewalQueue" (a connection string) or "RenewalQueue__queueServiceUri" (identity).</summary>
    public const string Connection = "RenewalQueue";

    /// <summary>Deliveries of one message before the host poisons it; the last one records the LB as Poisoned.</summary>
    public const int MaxDequeueCount = 5;
}
