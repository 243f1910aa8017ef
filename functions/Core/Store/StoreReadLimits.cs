namespace LbAcme.Core.Store;

/// <summary>
/// The most any store read may bring into memory, checked before the content is transferred: the store is
/// trusted, but a blob written by mistake or by someone with write access must not balloon a daemon on every
/// LB. The renewal engine writes far less than either cap; anything above is refused, never truncated.
/// </summary>
public static class StoreReadLimits
{
    /// <summary>
    /// A certificate bundle (leaf, intermediates, PKCS#8 key) as PEM: an RSA-4096 key and a chain with two cross
    /// signatures stay under 20 KiB; Key Vault itself refuses secrets above 25 KB.
    /// </summary>
    public const int MaxCertificateBytes = 64 * 1024;

    /// <summary>
    /// A Key Vault secret answer carrying a certificate bundle: the JSON envelope around the PEM (newlines escaped),
    /// or base64 PKCS#12 (a third larger than the DER it holds) for a certificate imported by hand.
    /// </summary>
    public const int MaxCertificateResponseBytes = 2 * MaxCertificateBytes;

    /// <summary>A challenge blob's key authorization ("{token}.{thumbprint}", under 200 bytes), with room for arbitrary webroot-style content.</summary>
    public const int MaxChallengeBytes = 4096;

    /// <summary>
    /// The served-certificate probe's report: about 1 KiB per handshake (a leaf's DNS names are recorded up to
    /// Let's Encrypt's 100), so a fleet of 250 LBs with three names each stays well under it.
    /// </summary>
    public const int MaxServedReportBytes = 4 * 1024 * 1024;
}
