namespace LbAcme.Acme.Problems;

/// <summary>Polling reached its deadline while the resource was still in a non-final state.</summary>
public sealed class AcmeTimeoutException : AcmeException
{
    public AcmeTimeoutException(Uri resourceUrl, string lastStatus, TimeSpan deadline)
        : base($"{resourceUrl} was still '{lastStatus}' after {deadline.TotalSeconds:0.#} s.")
    {
        ResourceUrl = resourceUrl;
        LastStatus = lastStatus;
    }

    public Uri ResourceUrl { get; }

    public string LastStatus { get; }

    public override bool IsRetryable => true;
}
