using System.Globalization;
using System.Security.Cryptography;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Names;
using LbAcme.Core.Origin;
using LbAcme.Core.Status;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// Decides whether a PEM bundle from the store may replace what HAProxy serves: it parses (every block
/// decodes, nothing truncated), its key belongs to the leaf, its chain links leaf → issuer with real signatures
/// (blocks in any order are put leaf-first: Key Vault returns them in upload order, which may be root-first),
/// every certificate is valid now, the chain leads to one of the fleet's <see cref="TrustAnchors"/> (built offline:
/// no revocation check, no certificate downloads), its directory tag does not name another ACME directory than the fleet's,
/// the leaf covers every required name, and it is newer than the deployed leaf (a self-signed deployed leaf is always
/// older). Messages name certificates by serial, never show key material.
/// </summary>
internal sealed class CertificateVerifier(TimeProvider time, TrustAnchors anchors)
{
    /// <summary><paramref name="tags"/>: the store version's tags (Key Vault tags, blob metadata); null or empty for an untagged version.</summary>
    public CertificateVerdict Verify(string pem, DeployedCertificate? deployed, IReadOnlyList<string> requiredNames, bool force, IReadOnlyDictionary<string, string>? tags = null)
    {
        CertificateBundle bundle;
        try
        {
            bundle = CertificateBundle.Parse(pem);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return CertificateVerdict.Refused(DeployRefusals.InvalidBundle, $"not a usable PEM bundle: {e.Message}");
        }
        var verdict = Check(bundle, tags ?? Untagged, deployed, requiredNames, force);
        if (verdict.Kind != VerdictKind.Deploy)
        {
            bundle.Dispose();
        }
        return verdict;
    }

    private static readonly IReadOnlyDictionary<string, string> Untagged = new Dictionary<string, string>();

    private CertificateVerdict Check(CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, DeployedCertificate? deployed, IReadOnlyList<string> requiredNames, bool force)
    {
        var now = time.GetUtcNow();
        var leaf = bundle.Leaf;
        var serial = leaf.SerialNumber;
        var notBefore = DeployedCertificate.Utc(leaf.NotBefore);
        var notAfter = DeployedCertificate.Utc(leaf.NotAfter);
        if (now < notBefore)
        {
            return new CertificateVerdict(VerdictKind.RefuseForNow, DeployRefusals.NotYetValid, $"certificate {serial} is not valid before {Format(notBefore)}");
        }
        if (now >= notAfter)
        {
            return CertificateVerdict.Refused(DeployRefusals.Expired, $"certificate {serial} expired at {Format(notAfter)}");
        }
        foreach (var issuer in bundle.Chain.Intermediates)
        {
            if (now < DeployedCertificate.Utc(issuer.NotBefore) || now >= DeployedCertificate.Utc(issuer.NotAfter))
            {
                return CertificateVerdict.Refused(DeployRefusals.ChainNotValidNow, $"chain certificate {issuer.Subject} is not valid now (valid {Format(DeployedCertificate.Utc(issuer.NotBefore))} to {Format(DeployedCertificate.Utc(issuer.NotAfter))})");
            }
        }
        if (BundleTrust.Check(bundle, anchors, now) is { } untrusted)
        {
            return untrusted;
        }
        if (WrongDirectory(serial, tags) is { } elsewhere)
        {
            return elsewhere;
        }
        var uncovered = ServiceNames.Uncovered(leaf, requiredNames);
        if (uncovered.Count > 0)
        {
            return CertificateVerdict.Refused(DeployRefusals.WrongNames, $"certificate {serial} does not cover {string.Join(", ", uncovered)}");
        }
        var candidate = DeployedCertificate.From(leaf);
        if (deployed is not null && deployed.Sha256 == candidate.Sha256)
        {
            return new CertificateVerdict(VerdictKind.Unchanged, "unchanged", $"certificate {serial} is already deployed");
        }
        if (deployed is { IsSelfSigned: false } && notBefore <= deployed.NotBefore && !force)
        {
            return CertificateVerdict.Refused(DeployRefusals.NotNewer, $"certificate {serial} (not before {Format(notBefore)}) is not newer than the deployed {deployed.Serial} (not before {Format(deployed.NotBefore)}); set Sidecar:CertificateSync:Force=true to deploy it anyway");
        }
        return CertificateVerdict.Deploy(bundle);
    }

    /// <summary>
    /// A certificate tagged with another directory is refused. An untagged one (imported by a function version that
    /// did not tag) is judged by its chain alone: refusing it would leave every LB of an upgraded fleet on what it
    /// serves until each certificate is re-issued, and the engine does not re-issue untagged certificates wholesale
    /// (that would spend the name sets' issuance budget). The chain check above still refuses the other Let's Encrypt
    /// environment and any CA the fleet does not trust, so an untagged certificate cannot bring a wrong CA in.
    /// </summary>
    private CertificateVerdict? WrongDirectory(string serial, IReadOnlyDictionary<string, string> tags)
    {
        if (anchors.Directory is not { } fleet || AcmeDirectoryTag.Compare(tags, fleet) != DirectoryMatch.Other)
        {
            return null;
        }
        return CertificateVerdict.Refused(DeployRefusals.WrongDirectory,
            $"certificate {serial} was issued through {AcmeDirectoryTag.Of(tags)}, not the fleet's ACME directory {AcmeDirectoryTag.Canonical(fleet)}");
    }

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
