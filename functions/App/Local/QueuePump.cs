using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Local;

/// <summary>
/// The stand-in for the host's queue listener, on the real queue: takes messages invisible for the function
/// timeout, up to batchSize + newBatchThreshold at once; deletes a message whose invocation returned; after a
/// throw, makes it visible again after host.json's visibilityTimeout, or on its maxDequeueCount-th delivery
/// moves it to "{queue}-poison" — the host's documented behaviour, with the shipped host.json's numbers.
/// </summary>
public sealed partial class QueuePump
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly HostJsonQueueSettings _settings;
    private readonly Func<QueueMessage, CancellationToken, Task> _invoke;
    private readonly ILogger _logger;

    public QueuePump(QueueClient queue, QueueClient poison, HostJsonQueueSettings settings, Func<QueueMessage, CancellationToken, Task> invoke, ILogger logger)
    {
        _queue = queue;
        _poison = poison;
        _settings = settings;
        _invoke = invoke;
        _logger = logger;
    }

    /// <summary>Works until the queue holds no message at all (visible or waiting for a retry) and nothing runs, or the deadline.</summary>
    public async Task<bool> DrainAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        var ct = timeout.Token;
        var running = new List<Task>();
        try
        {
            while (true)
            {
                running.RemoveAll(t => t.IsCompleted);
                var room = _settings.Concurrency - running.Count;
                var received = room > 0 && running.Count <= _settings.NewBatchThreshold
                    ? (await _queue.ReceiveMessagesAsync(Math.Min(room, Math.Min(_settings.BatchSize, 32)), _settings.FunctionTimeout, ct)).Value
                    : [];
                running.AddRange(received.Select(m => Task.Run(() => InvokeAsync(m, ct), CancellationToken.None)));
                if (received.Length > 0)
                {
                    continue;
                }
                if (running.Count == 0 && (await _queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount == 0)
                {
                    return true;
                }
                await Task.WhenAny([.. running, Task.Delay(IdlePoll, ct)]);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAll(running);
            return false;
        }
    }

    private async Task InvokeAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _invoke(message, cancellationToken);
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogInvocationFailed(_logger, message.MessageId, message.DequeueCount, e.Message);
        }
        if (message.DequeueCount >= _settings.MaxDequeueCount)
        {
            await _poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            LogPoisoned(_logger, message.MessageId, message.DequeueCount);
            return;
        }
        await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Invocation for message {MessageId} (delivery {Delivery}) failed: {Detail}")]
    private static partial void LogInvocationFailed(ILogger logger, string messageId, long delivery, string detail);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Message {MessageId} moved to the poison queue after {Delivery} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long delivery);
}
