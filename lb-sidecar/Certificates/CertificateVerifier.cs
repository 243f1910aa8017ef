using System.Globalization;
using System.Security.Cryptography;
using LbAcme.Certificates;
using LbAcme.Core.Status;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// Decides whether a PEM bundle from the store may replace what HAProxy serves: it parses (every block
/// decodes, nothing truncated), its key belongs to the leaf, its chain links leaf → issuer with real signatures
/// (blocks in any order are put leaf-first: Key Vault returns them in upload order, which may be root-first),
/// every certificate is valid now, the chain leads to one of the fleet's <see cref="TrustAnchors"/> (built offline:
/// no revocation check, no certificate downloads), the leaf covers every required name, and it is newer than the deployed leaf
/// (a self-signed deployed leaf is always older). Messages name certificates by serial, never show key material.
/// </summary>
internal sealed class CertificateVerifier(TimeProvider time, TrustAnchors anchors)
{
    public CertificateVerdict Verify(string pem, DeployedCertificate? deployed, IReadOnlyList<string> requiredNames, bool force)
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
        var verdict = Check(bundle, deployed, requiredNames, force);
        if (verdict.Kind != VerdictKind.Deploy)
        {
            bundle.Dispose();
        }
        return verdict;
    }

    private CertificateVerdict Check(CertificateBundle bundle, DeployedCertificate? deployed, IReadOnlyList<string> requiredNames, bool force)
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
        if (ChainTrust.Check(bundle, anchors, now) is { } untrusted)
        {
            return untrusted;
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

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
