namespace LbAcme.Acme.Problems;

/// <summary>The CA answered with a problem document; <see cref="ErrorType"/> says which ("rateLimited", "unauthorized", ...).</summary>
public sealed class AcmeProblemException : AcmeException
{
    public AcmeProblemException(AcmeProblem problem, Uri? requestUrl, int? httpStatus)
        : base(Describe(problem, requestUrl, httpStatus))
    {
        Problem = problem;
        RequestUrl = requestUrl;
        HttpStatus = httpStatus;
    }

    public AcmeProblem Problem { get; }

    public Uri? RequestUrl { get; }

    public int? HttpStatus { get; }

    public string ErrorType => Problem.ErrorType;

    public override bool IsRetryable =>
        ErrorType is AcmeErrorTypes.RateLimited or AcmeErrorTypes.ServerInternal or AcmeErrorTypes.BadNonce
        || HttpStatus is >= 500;

    private static string Describe(AcmeProblem problem, Uri? url, int? status)
    {
        var where = url is null ? string.Empty : $" from {url}";
        var code = status is null ? string.Empty : $" (HTTP {status})";
        return $"ACME error{where}{code}: {problem}";
    }
}
