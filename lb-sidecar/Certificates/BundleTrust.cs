using LbAcme.Certificates;
using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Certificates;

/// <summary>A bundle's chain checked by the fleet's one rule (<see cref="Core.Fleet.ChainTrust"/>), as a deploy refusal.</summary>
internal static class BundleTrust
{
    public static CertificateVerdict? Check(CertificateBundle bundle, TrustAnchors anchors, DateTimeOffset now) =>
        Core.Fleet.ChainTrust.Check(bundle.Leaf, bundle.Chain.Intermediates.ToList(), anchors, now) is { } problem
            ? CertificateVerdict.Refused(problem.Code, problem.Message)
            : null;
}
