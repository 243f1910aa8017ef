using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Status;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Whether a leaf with the intermediates beside it leads to one of the fleet's roots: the rule the sidecar deploys by
/// and the served-certificate probe reports by. The chain is built only from the given certificates and the anchors:
/// custom root trust, no revocation check, no AIA downloads, so the check needs no network and the system store adds
/// nothing. A Let's Encrypt chain from the other environment (staging for a production fleet, or the reverse) is
/// named as such, so the mistake reads for what it is.
/// </summary>
public static class ChainTrust
{
    /// <summary>Null when the chain leads to a trusted root; otherwise why not, as a <see cref="DeployRefusals"/> code and a sentence.</summary>
    public static ChainProblem? Check(X509Certificate2 leaf, IReadOnlyCollection<X509Certificate2> intermediates, TrustAnchors anchors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(intermediates);
        ArgumentNullException.ThrowIfNull(anchors);
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(anchors.Roots);
        policy.ExtraStore.AddRange(intermediates.ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        var trusted = chain.Build(leaf);
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
        var serial = leaf.SerialNumber;
        var issued = LetsEncrypt.EnvironmentOfIssuers(intermediates.Prepend(leaf).Select(c => c.Issuer));
        if (anchors.Environment != AcmeEnvironment.Other && issued != AcmeEnvironment.Other && issued != anchors.Environment)
        {
            return new ChainProblem(DeployRefusals.WrongEnvironment,
                $"certificate {serial} is from Let's Encrypt {Name(issued)} but the fleet's directory is Let's Encrypt {Name(anchors.Environment)}");
        }
        return new ChainProblem(DeployRefusals.UntrustedChain,
            $"certificate {serial}'s chain ends at '{topIssuer}', not at a trusted root ({anchors.Names}): {statuses}");
    }

    private static string Name(AcmeEnvironment environment) => environment == AcmeEnvironment.Staging ? "staging" : "production";
}

/// <summary>Why a chain is not trusted: <see cref="Code"/> is <see cref="DeployRefusals.UntrustedChain"/> or <see cref="DeployRefusals.WrongEnvironment"/>.</summary>
public sealed record ChainProblem(string Code, string Message);
