namespace LbAcme.Renewal.Runs;

/// <summary>
/// One LB's renewal, as one queue message asks for it: every certificate of the LB, or only <see cref="Certificate"/>.
/// <see cref="Redelivered"/> is true when the queue hands the same message over again after a retryable failure: that
/// retry continues the same request, so a certificate whose failure was retryable is not held back by the backoff that
/// failure recorded, and one this request already renewed (at or after <see cref="RequestedAt"/>) is not ordered again.
/// </summary>
public sealed record LbRenewalRequest(string Lb, string Trigger, bool Force = false, bool Redelivered = false, string? Certificate = null, DateTimeOffset? RequestedAt = null);
