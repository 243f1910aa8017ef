using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Core.Fleet;

/// <summary>
/// The roots a deployed chain must lead to, resolved once at start from <c>Fleet:TrustedRoots</c> and the fleet's
/// ACME directory (<see cref="TrustedRootsOptions"/>): the certificates of a PEM file (the system bundle by
/// default), kept only when their key matches a pin if there are pins; and the directory itself, which a certificate's
/// directory tag must name. One definition for the sidecar, which refuses to deploy a chain that leads elsewhere, and the
/// function's served-certificate probe, which reports one.
/// </summary>
public sealed class TrustAnchors
{
    private const string Root = FleetOptions.SectionName + ":TrustedRoots";

    public TrustAnchors(X509Certificate2Collection roots, AcmeEnvironment environment, Uri? directory = null)
    {
        Roots = roots;
        Environment = environment;
        Directory = directory;
        Names = string.Join(", ", roots.Select(r => r.GetNameInfo(X509NameType.SimpleName, forIssuer: false)));
    }

    public X509Certificate2Collection Roots { get; }

    /// <summary>The Let's Encrypt environment the fleet's directory belongs to, for telling a staging chain from an untrusted one.</summary>
    public AcmeEnvironment Environment { get; }

    /// <summary>The fleet's ACME directory (Fleet:AcmeDirectoryUrl); null leaves the directory tag unchecked.</summary>
    public Uri? Directory { get; }

    /// <summary>The roots' common names, for refusal messages.</summary>
    public string Names { get; }

    public static TrustAnchors Load(FleetOptions fleet) =>
        TryLoad(fleet, out var anchors, out var problem) ? anchors : throw new InvalidOperationException(problem);

    public static bool TryLoad(FleetOptions fleet, [NotNullWhen(true)] out TrustAnchors? anchors, out string problem)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        anchors = null;
        var options = fleet.TrustedRoots;
        var environment = LetsEncrypt.EnvironmentOf(fleet.AcmeDirectoryUrl);
        var pins = options.SpkiSha256.Count > 0 ? options.SpkiSha256 : LetsEncrypt.RootPins(environment);
        var path = options.Path ?? (pins.Count > 0 ? LetsEncrypt.SystemBundlePath : null);
        if (path is null)
        {
            problem = $"{Root}: required for the ACME directory '{fleet.AcmeDirectoryUrl}', which is not Let's Encrypt's: set {Root}:Path to a PEM file "
                + "of the CA's root certificates (Pebble serves its root at /roots/0 of its management interface)";
            return false;
        }
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            problem = $"{Root}:Path: cannot read '{path}': {e.Message}";
            return false;
        }
        var roots = new X509Certificate2Collection();
        roots.AddRange(all.Where(c => pins.Count == 0 || pins.Contains(SpkiPin(c), StringComparer.Ordinal)).ToArray());
        if (roots.Count == 0)
        {
            problem = NoneTrusted(environment, options, path, all.Count);
            return false;
        }
        anchors = new TrustAnchors(roots, environment, fleet.AcmeDirectoryUrl);
        problem = "";
        return true;
    }

    /// <summary>Base64 SHA-256 of the certificate's SubjectPublicKeyInfo, the form of <see cref="TrustedRootsOptions.SpkiSha256"/>.</summary>
    public static string SpkiPin(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    private static string NoneTrusted(AcmeEnvironment environment, TrustedRootsOptions options, string path, int count)
    {
        if (environment == AcmeEnvironment.Staging && options.Path is null && options.SpkiSha256.Count == 0)
        {
            return $"{Root}:Path: the Let's Encrypt staging roots ((STAGING) Pretend Pear X1, (STAGING) Bogus Broccoli X2) are in no system trust store; "
                + "set it to a PEM file holding them (https://letsencrypt.org/certs/staging/letsencrypt-stg-root-x1.pem and letsencrypt-stg-root-x2.pem)";
        }
        var whose = options.SpkiSha256.Count > 0 ? $"{Root}:SpkiSha256" : $"Let's Encrypt {environment.ToString().ToLowerInvariant()}";
        return $"{Root}: none of the {count} certificates in '{path}' has a key pinned by {whose}";
    }
}
