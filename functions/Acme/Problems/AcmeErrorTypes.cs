namespace LbAcme.Acme.Problems;

/// <summary>The RFC 8555 §6.7 error names callers branch on.</summary>
public static class AcmeErrorTypes
{
    public const string AccountDoesNotExist = "accountDoesNotExist";
    public const string AlreadyReplaced = "alreadyReplaced";
    public const string AlreadyRevoked = "alreadyRevoked";
    public const string BadNonce = "badNonce";
    public const string BadCsr = "badCSR";
    public const string Connection = "connection";
    public const string ExternalAccountRequired = "externalAccountRequired";
    public const string Malformed = "malformed";
    public const string OrderNotReady = "orderNotReady";
    public const string RateLimited = "rateLimited";
    public const string RejectedIdentifier = "rejectedIdentifier";
    public const string ServerInternal = "serverInternal";
    public const string Unauthorized = "unauthorized";
    public const string InvalidProfile = "invalidProfile";
}
