namespace LbAcme.Acme.Problems;

/// <summary>Base of every error the ACME client raises on purpose.</summary>
public abstract class AcmeException : Exception
{
    protected AcmeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>True when the same call may succeed later without changes (network, 5xx, rate limits).</summary>
    public abstract bool IsRetryable { get; }

    /// <summary>How long the server asked us to wait, when it said so.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
