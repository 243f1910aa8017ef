namespace LbAcme.Core.Store;

/// <summary>HTTP headers on challenge requests that the renewal function and the sidecars agree on.</summary>
public static class ChallengeHeaders
{
    /// <summary>
    /// The LB that holds the token, sent by the function's self-test. A sidecar asks that peer first; it is a hint,
    /// never trusted for the answer, which still comes from that peer's own lookup. The LB it names answers from its
    /// own lookup only, without asking its peers: no peer holds another LB's tokens.
    /// </summary>
    public const string Owner = "Lb-Acme-Owner";
}
