using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Ari;
using LbAcme.Acme.Problems;

namespace LbAcme.Acme;

public sealed partial class AcmeClient
{
    /// <summary>RFC 9773 §4.3.2: Retry-After under a minute counts as a minute, over a day as a day.</summary>
    public static readonly TimeSpan MinAriCheckInterval = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxAriCheckInterval = TimeSpan.FromDays(1);

    /// <summary>When the CA gives no Retry-After, check again in six hours (RFC 9773 §4.3.3's long-term default).</summary>
    public static readonly TimeSpan DefaultAriCheckInterval = TimeSpan.FromHours(6);

    /// <summary>
    /// RFC 9773 §4.1: GET (unauthenticated) {renewalInfo}/{certID}. Returns null when the CA has no
    /// renewalInfo resource, so callers fall back to their own lifetime-based backstop.
    /// </summary>
    public async Task<RenewalInfo?> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var directory = await GetDirectoryAsync(cancellationToken);
        if (directory.RenewalInfo is not { } baseUrl)
        {
            return null;
        }
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + AriCertificateId.Compute(certificate));
        var response = await _transport.GetAsync(url, "application/json", cancellationToken);
        var body = response.ReadJson<RenewalInfoResource>();
        if (body.SuggestedWindow is not { Start: { } start, End: { } end })
        {
            throw new AcmeProtocolException("renewalInfo lacks suggestedWindow.start or .end.", url, (int)response.StatusCode);
        }
        // §4.2: a window whose end is not after its start is invalid; the client must not act on it.
        if (end <= start)
        {
            throw new AcmeProtocolException($"renewalInfo window ends ({end:O}) before it starts ({start:O}).", url, (int)response.StatusCode);
        }
        var wait = response.RetryAfter ?? DefaultAriCheckInterval;
        wait = wait < MinAriCheckInterval ? MinAriCheckInterval : wait > MaxAriCheckInterval ? MaxAriCheckInterval : wait;
        return new RenewalInfo(start, end, body.ExplanationUrl, _time.GetUtcNow() + wait);
    }
}
