namespace LbAcme.Renewal.Runs;

/// <summary>
/// One LB's renewal, as one queue message asks for it. <see cref="Redelivered"/> is true when the queue hands
/// the same message over again after a retryable failure: that retry continues the same request, so the
/// failure backoff the first delivery recorded does not hold it back.
/// </summary>
public sealed record LbRenewalRequest(string Lb, string Trigger, bool Force = false, bool Redelivered = false);
