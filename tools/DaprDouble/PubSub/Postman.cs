namespace LbAcme.DaprDouble.PubSub;

/// <summary>
/// One message delivered to the app with daprd's resiliency as a constant retry policy: up to
/// <see cref="DaprDoubleOptions.MaxDeliveryAttempts"/> POSTs, <see cref="DaprDoubleOptions.RetryDelay"/> apart, while
/// the app asks for a retry or does not answer; SUCCESS and DROP end it at once.
/// </summary>
internal sealed class Postman(AppChannel channel, DaprDoubleOptions options, TimeProvider time)
{
    public async Task<DeliveryResult> DeliverAsync(string route, Prepared prepared, string topic, CancellationToken cancellationToken)
    {
        var statuses = new List<int>();
        string? error = null;
        for (var attempt = 1; ; attempt++)
        {
            var (reply, transportError) = await channel.SendAsync(HttpMethod.Post, route, prepared.Body, cancellationToken);
            DeliveryStatus status;
            if (reply is null)
            {
                (status, error) = (DeliveryStatus.Retry, transportError);
            }
            else
            {
                statuses.Add(reply.StatusCode);
                (status, error) = AppAnswer.Read(reply, prepared.EventId, topic);
            }
            if (status != DeliveryStatus.Retry || attempt >= options.MaxDeliveryAttempts)
            {
                return new DeliveryResult(status, attempt, statuses, error) { Route = route };
            }
            await Task.Delay(options.RetryDelay, time, cancellationToken);
        }
    }
}
