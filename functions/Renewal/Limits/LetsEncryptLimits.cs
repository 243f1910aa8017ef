namespace LbAcme.Renewal.Limits;

/// <summary>
/// Let's Encrypt's issuance limits, as published at https://letsencrypt.org/docs/rate-limits/ (page last modified
/// 2026-08-05, read from letsencrypt/website content/en/docs/rate-limits.md):
/// <list type="bullet">
/// <item>New Orders per Account: "Up to 300 new orders can be created by a single account every 3 hours. The ability
/// to create new orders refills at a rate of 1 order every 36 seconds."</item>
/// <item>New Certificates per Registered Domain: "Up to 50 certificates can be issued per registered domain ... every
/// 7 days. This is a global limit, and all new order requests, regardless of which account submits them, count towards
/// this limit" (refill 1 every 202 minutes); "We use the Public Suffix List to identify registered domains."</item>
/// <item>New Certificates per Exact Set of Identifiers: "Up to 5 certificates can be issued per exact same set of
/// identifiers every 7 days" (global, refill 1 every 34 hours).</item>
/// <item>Authorization Failures per Identifier per Account: "Up to 5 authorization failures per identifier can be
/// incurred by one account every hour" (refill 1 every 12 minutes), "enforced by preventing any new orders for the same
/// identifier, by the same account until the limit resets."</item>
/// <item>ARI renewals: "Renewals coordinated by ARI offer the unique benefit of being exempt from all rate limits ...
/// If the new order includes at least one identifier matching the certificate it intends to replace and the
/// certificate has not been previously replaced using ARI, the order will not be subject to any rate limits." So an
/// order sent with "replaces" is counted against none of the limits here.</item>
/// <item>Non-ARI renewals (same exact set as an earlier certificate) are exempt from New Orders per Account and New
/// Certificates per Registered Domain but still count against the exact set and the authorization failures. This
/// client does NOT rely on that exemption: whether the earlier certificate really was issued is not something a
/// reservation can know, so such orders are counted everywhere (more cautious than the CA, never less).</item>
/// </list>
/// The CA counts with token buckets; <see cref="WindowLimit"/> keeps each as a sliding window, which is never more
/// permissive. Not modelled: Consecutive Authorization Failures (1,152, refilled one a day), which the engine's
/// once-a-day failure backoff cannot reach, and the per-IP request limits on the endpoints.
/// </summary>
public static class LetsEncryptLimits
{
    public static readonly WindowLimit NewOrdersPerAccount = new("new orders per account", 300, TimeSpan.FromHours(3));

    public static readonly WindowLimit CertificatesPerRegisteredDomain = new("new certificates per registered domain", 50, TimeSpan.FromDays(7));

    public static readonly WindowLimit CertificatesPerExactSet = new("new certificates per exact set of identifiers", 5, TimeSpan.FromDays(7));

    public static readonly WindowLimit AuthorizationFailuresPerIdentifier = new("authorization failures per identifier per account", 5, TimeSpan.FromHours(1));
}
