using LbAcme.Core.Served;
using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>
/// What is known to be served, and since when: a probe's handshake, or (for an LB the probe has not seen) its
/// sidecar's report, which only ever names a certificate it verified (so its chain and names are taken as good).
/// </summary>
internal sealed record ServedEvidence(
    string Serial,
    DateTimeOffset? NotBefore,
    DateTimeOffset NotAfter,
    bool SelfSigned,
    DateTimeOffset ObservedAt,
    bool ChainValid,
    string? ChainProblem,
    bool NamesCovered,
    bool FromProbe)
{
    /// <summary>The leaf a successful handshake presented; null when the handshake failed or presented nothing usable.</summary>
    public static ServedEvidence? From(ServedObservation observation) =>
        observation is { Error: null, Serial: { } serial, NotAfter: { } notAfter }
            ? new ServedEvidence(serial, observation.NotBefore, notAfter, observation.SelfSigned == true, observation.ProbedAt,
                observation.ChainValid != false, observation.ChainProblem, observation.NamesCovered != false, FromProbe: true)
            : null;

    /// <summary>What the sidecar last reported deployed; <paramref name="issued"/> lends its not-before when it is the same certificate.</summary>
    public static ServedEvidence? From(CertificateDeployStatus? deployed, IssuedCertificateEntry? issued) =>
        deployed is { Serial: { } serial, NotAfter: { } notAfter, When: { } when }
            ? new ServedEvidence(serial, Serials.Same(serial, issued?.Serial) ? issued!.NotBefore : null, notAfter, deployed.SelfSigned, when,
                ChainValid: true, ChainProblem: null, NamesCovered: true, FromProbe: false)
            : null;

    /// <summary>The entry the document shows for this leaf.</summary>
    public ServedCertificateEntry ToEntry(ServedObservation observation, DateTimeOffset now) =>
        new(Serial, NotAfter, observation.Issuer, SelfSigned, ChainValid, ChainProblem, NamesCovered, observation.TlsVersion, Math.Round((NotAfter - now).TotalDays, 2));
}
