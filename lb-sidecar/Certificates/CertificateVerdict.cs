using LbAcme.Certificates;

namespace LbAcme.Sidecar.Certificates;

internal enum VerdictKind
{
    /// <summary>Good and newer: deploy it.</summary>
    Deploy,

    /// <summary>The certificate already deployed.</summary>
    Unchanged,

    /// <summary>Not deployable, and it will not become deployable: do not look at this version again.</summary>
    Refuse,

    /// <summary>Not valid yet: look again next round, it may become deployable.</summary>
    RefuseForNow,
}

/// <summary>
/// The verifier's answer. <see cref="Reason"/> is a short code for metrics (e.g. "expired"), <see cref="Detail"/>
/// the sentence for logs and status/{lb}. The bundle is set only for <see cref="VerdictKind.Deploy"/>; the caller disposes it.
/// </summary>
internal sealed record CertificateVerdict(VerdictKind Kind, string Reason, string Detail, CertificateBundle? Bundle = null)
{
    public static CertificateVerdict Deploy(CertificateBundle bundle) => new(VerdictKind.Deploy, "ok", "verified", bundle);

    public static CertificateVerdict Refused(string reason, string detail) => new(VerdictKind.Refuse, reason, detail);
}
