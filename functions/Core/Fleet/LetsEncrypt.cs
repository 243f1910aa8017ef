using LbAcme.Core.Origin;

namespace LbAcme.Core.Fleet;

/// <summary>Which Let's Encrypt environment an ACME directory (or a certificate chain) belongs to.</summary>
public enum AcmeEnvironment
{
    /// <summary>Not a Let's Encrypt directory (Pebble, another CA): its roots must be configured.</summary>
    Other,

    Production,

    Staging,
}

/// <summary>
/// Let's Encrypt's directories and the roots their certificates chain to, so a fleet on either directory needs
/// no trust setting and can never deploy the other environment's certificates. Root keys as SHA-256 SPKI pins:
/// production ISRG Root X1 (RSA 4096) and ISRG Root X2 (ECDSA P-384), as in Debian's ca-certificates; staging
/// "(STAGING) Pretend Pear X1" and "(STAGING) Bogus Broccoli X2" (letsencrypt.org/docs/staging-environment,
/// certificates at letsencrypt.org/certs/staging/letsencrypt-stg-root-x1.pem and -x2.pem). The Generation Y roots
/// (YE, YR) are cross-signed by X2 and X1, so chains through them still end at these.
/// </summary>
public static class LetsEncrypt
{
    public static readonly Uri ProductionDirectory = new("https://acme-v02.api.letsencrypt.org/directory");

    public static readonly Uri StagingDirectory = new("https://acme-staging-v02.api.letsencrypt.org/directory");

    /// <summary>Debian's (and most distributions') bundle of the system's trusted roots.</summary>
    public const string SystemBundlePath = "/etc/ssl/certs/ca-certificates.crt";

    /// <summary>Every staging certificate's issuer names carry this prefix; production ones never do.</summary>
    public const string StagingNamePrefix = "(STAGING)";

    public static IReadOnlyList<string> ProductionRootPins { get; } =
    [
        "C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=", // ISRG Root X1
        "diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI=", // ISRG Root X2
    ];

    public static IReadOnlyList<string> StagingRootPins { get; } =
    [
        "gJt+wt/T3afCRkxtMMSjXcl/99sgzWc2kk1c1PC9tG0=", // (STAGING) Pretend Pear X1
        "5OfjqXLkPnXTVmxetcPj1PEbXH2upTZebfT2X3AE8Fw=", // (STAGING) Bogus Broccoli X2
    ];

    public static AcmeEnvironment EnvironmentOf(Uri? directory) =>
        directory is null ? AcmeEnvironment.Other
        : SameDirectory(directory, ProductionDirectory) ? AcmeEnvironment.Production
        : SameDirectory(directory, StagingDirectory) ? AcmeEnvironment.Staging
        : AcmeEnvironment.Other;

    /// <summary>The built-in pins of a Let's Encrypt environment; empty for any other CA.</summary>
    public static IReadOnlyList<string> RootPins(AcmeEnvironment environment) => environment switch
    {
        AcmeEnvironment.Production => ProductionRootPins,
        AcmeEnvironment.Staging => StagingRootPins,
        _ => [],
    };

    /// <summary>
    /// By issuer names, for when a chain cannot be built or no tag says where a certificate came from: every staging
    /// CA's names carry "(STAGING)"; production intermediates are "Let's Encrypt", its roots "Internet Security
    /// Research Group". A hint for messages and for legacy certificates, never a trust decision.
    /// </summary>
    public static AcmeEnvironment EnvironmentOfIssuers(IEnumerable<string> issuerNames)
    {
        ArgumentNullException.ThrowIfNull(issuerNames);
        var issuers = issuerNames.ToList();
        if (issuers.Any(i => i.Contains(StagingNamePrefix, StringComparison.Ordinal)))
        {
            return AcmeEnvironment.Staging;
        }
        return issuers.Any(i => i.Contains("O=Let's Encrypt", StringComparison.Ordinal) || i.Contains("O=Internet Security Research Group", StringComparison.Ordinal))
            ? AcmeEnvironment.Production
            : AcmeEnvironment.Other;
    }

    private static bool SameDirectory(Uri a, Uri b) =>
        string.Equals(AcmeDirectoryTag.Canonical(a), AcmeDirectoryTag.Canonical(b), StringComparison.Ordinal);
}
