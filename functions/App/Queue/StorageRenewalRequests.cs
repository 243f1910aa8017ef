using Azure.Storage.Queues;

namespace LbAcme.Functions.Queue;

/// <summary><see cref="IRenewalRequests"/> on Azure Storage queues (Azurite locally), base64 as the host's trigger expects.</summary>
public sealed class StorageRenewalRequests : IRenewalRequests
{
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;

    public StorageRenewalRequests(QueueServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _queue = service.GetQueueClient(RenewalQueueContract.QueueName);
        _poison = service.GetQueueClient(RenewalQueueContract.PoisonQueueName);
    }

    public async Task<IReadOnlyList<string>> EnqueueAsync(IReadOnlyList<RenewalMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // One request per message is what the queue API offers; a fleet is tens of LBs, so in parallel.
        var sent = await Task.WhenAll(messages.Select(m => _queue.SendMessageAsync(m.ToJson(), cancellationToken)));
        return sent.Select(r => r.Value.MessageId).ToList();
    }

    public async Task PoisonAsync(string messageText, CancellationToken cancellationToken)
    {
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.SendMessageAsync(messageText, cancellationToken);
    }
}
