namespace LbAcme.Acme.Problems;

/// <summary>The server sent something the protocol does not allow: not JSON, an HTML error page, a missing header, a broken chain.</summary>
public sealed class AcmeProtocolException : AcmeException
{
    public AcmeProtocolException(string message, Uri? requestUrl = null, int? httpStatus = null, Exception? inner = null)
        : base(requestUrl is null ? message : $"{message} (from {requestUrl}{(httpStatus is null ? string.Empty : $", HTTP {httpStatus}")})", inner)
    {
        RequestUrl = requestUrl;
        HttpStatus = httpStatus;
    }

    public Uri? RequestUrl { get; }

    public int? HttpStatus { get; }

    // A gateway's HTML error page is usually passing; a malformed success body is not.
    public override bool IsRetryable => HttpStatus is >= 500;
}
