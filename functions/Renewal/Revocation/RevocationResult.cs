namespace LbAcme.Renewal.Revocation;

/// <summary>How a revocation ended; the HTTP function maps each to a status code and says whether a renewal follows.</summary>
public enum RevocationOutcome
{
    /// <summary>The CA revoked the certificate now.</summary>
    Revoked,

    /// <summary>The CA says it was revoked already: nothing to do there, the LB still needs a new one.</summary>
    AlreadyRevoked,

    /// <summary>No certificate is stored under that name.</summary>
    NotStored,

    /// <summary>The stored certificate came from another ACME directory than the fleet's: this account cannot revoke it.</summary>
    FromAnotherDirectory,

    /// <summary>The CA refused (its problem type and detail are in the result).</summary>
    Refused,
}

/// <summary>What was revoked (store name, serial, not-after), how, and when the CA refused, why.</summary>
public sealed record RevocationResult(
    RevocationOutcome Outcome,
    string StoreName,
    string? Serial = null,
    DateTimeOffset? NotAfter = null,
    string? SignedWith = null,
    string? ProblemType = null,
    string? Detail = null)
{
    /// <summary>The LB needs a new certificate now: the stored one is revoked.</summary>
    public bool RenewalNeeded => Outcome is RevocationOutcome.Revoked or RevocationOutcome.AlreadyRevoked;
}
