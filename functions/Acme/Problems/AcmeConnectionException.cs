namespace LbAcme.Acme.Problems;

/// <summary>The CA could not be reached or did not answer within the request timeout.</summary>
public sealed class AcmeConnectionException : AcmeException
{
    public AcmeConnectionException(string message, Uri requestUrl, Exception? inner = null)
        : base($"{message} ({requestUrl})", inner)
    {
        RequestUrl = requestUrl;
    }

    public Uri RequestUrl { get; }

    public override bool IsRetryable => true;
}
