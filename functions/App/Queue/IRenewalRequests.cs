namespace LbAcme.Functions.Queue;

/// <summary>The per-LB renewal work queue: the timer and POST /api/renew put work on it; RenewLb takes it off.</summary>
public interface IRenewalRequests
{
    /// <summary>Puts one message per item on the queue; returns the queue's message ids in the same order.</summary>
    Task<IReadOnlyList<string>> EnqueueAsync(IReadOnlyList<RenewalMessage> messages, CancellationToken cancellationToken);

    /// <summary>Puts a message that can never succeed straight on the poison queue, as the host does after the last delivery.</summary>
    Task PoisonAsync(string messageText, CancellationToken cancellationToken);
}
