using System.Security.Cryptography.X509Certificates;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// Whether a bundle's chain leads to one of the fleet's roots. The chain is built only from the bundle's own
/// certificates and the anchors: custom root trust, no revocation check, no AIA downloads, so the check needs no
/// network and the system store adds nothing. A Let's Encrypt chain from the other environment (staging for a
/// production fleet, or the reverse) is named as such, so the mistake reads for what it is.
/// </summary>
internal static class ChainTrust
{
    public static CertificateVerdict? Check(CertificateBundle bundle, TrustAnchors anchors, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(anchors.Roots);
        policy.ExtraStore.AddRange(bundle.Chain.Intermediates.ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        var trusted = chain.Build(bundle.Leaf);
        var top = chain.ChainElements[^1].Certificate;
        var topIssuer = top.Issuer;
        var statuses = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        foreach (var element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }
        if (trusted)
        {
            return null;
        }
        var serial = bundle.Leaf.SerialNumber;
        var issued = EnvironmentOf(bundle);
        if (anchors.Environment != AcmeEnvironment.Other && issued != AcmeEnvironment.Other && issued != anchors.Environment)
        {
            return CertificateVerdict.Refused(DeployRefusals.WrongEnvironment,
                $"certificate {serial} is from Let's Encrypt {Name(issued)} but the fleet's directory is Let's Encrypt {Name(anchors.Environment)}");
        }
        return CertificateVerdict.Refused(DeployRefusals.UntrustedChain,
            $"certificate {serial}'s chain ends at '{topIssuer}', not at a trusted root ({anchors.Names}): {statuses}");
    }

    // Only refines the refusal; trust itself is the chain build above.
    private static AcmeEnvironment EnvironmentOf(CertificateBundle bundle) =>
        LetsEncrypt.EnvironmentOfIssuers(bundle.Chain.Certificates.Select(c => c.Issuer));

    private static string Name(AcmeEnvironment environment) => environment == AcmeEnvironment.Staging ? "staging" : "production";
}
