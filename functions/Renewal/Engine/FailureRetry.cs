using Azure;
using LbAcme.Acme.Problems;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// Which failures a prompt retry (the queue's redelivery) may fix without spending what Let's Encrypt counts:
/// a store or CA that did not answer, a CA 5xx, a self-test the sidecars had not synced for. A rate limit or a
/// failed validation is not: those wait for the backoff (and the CA's Retry-After). An issued certificate the store
/// refused is, because it waits under pending/ and the retry only imports it; so is a budget blob other invocations
/// kept changing.
/// </summary>
public static class FailureRetry
{
    public static bool IsPromptlyRetryable(Exception e) => e switch
    {
        AcmeProblemException problem => problem.IsRetryable && problem.ErrorType != AcmeErrorTypes.RateLimited,
        AcmeException acme => acme.IsRetryable,
        SelfTestFailedException => true,
        CertificateImportException => true,
        Budgets.BudgetContendedException => true,
        RequestFailedException store => store.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };
}
