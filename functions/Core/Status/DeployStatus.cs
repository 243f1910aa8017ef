namespace LbAcme.Core.Status;

/// <summary>
/// The status/{lb} blob a sidecar writes and the function's status reads (web JSON, camelCase): the deployed leaf,
/// when this was reported, how the last round ended as a code (<see cref="Outcome"/>) and as a sentence for people
/// (<see cref="Result"/>). <see cref="StoreVersion"/> is the certificate store version the round looked at;
/// <see cref="Reason"/> refines the outcome with the sidecar's metrics label: the refusal reason (e.g. wrong_names)
/// for <see cref="DeployOutcome.Refused"/>, how HAProxy got the file (<see cref="DeployMethods"/>) for
/// <see cref="DeployOutcome.Deployed"/> and <see cref="DeployOutcome.ApplyFailed"/>. <see cref="SelfSigned"/> says
/// the served certificate is the bootstrap one. <see cref="SyncIntervalSeconds"/> is the sidecar's certificate poll
/// interval, so the function's status knows how long a rollout may take on that LB (null from older sidecars: the
/// default <see cref="CertificateSyncDefaults.Interval"/> applies). Documents written before these fields existed still read.
/// <see cref="Certificates"/> holds one entry per certificate of the fleet (<c>Fleet:Certificates</c>) when the LB
/// carries more than one, or any not named "default"; the top-level fields then describe the fleet's first certificate,
/// so readers that know one certificate per LB keep working. One blob per LB, because the LB's identity may write
/// only status/{lb}.
/// </summary>
public sealed record DeployStatus(
    string? Serial,
    DateTimeOffset? NotAfter,
    DateTimeOffset? When,
    string? Result,
    DeployOutcome? Outcome = null,
    bool SelfSigned = false,
    string? StoreVersion = null,
    string? Reason = null,
    double? SyncIntervalSeconds = null,
    IReadOnlyList<CertificateDeployStatus>? Certificates = null);

/// <summary>One certificate's part of <see cref="DeployStatus"/>: the same fields, for the certificate named <see cref="Certificate"/>.</summary>
public sealed record CertificateDeployStatus(
    string Certificate,
    string? Serial,
    DateTimeOffset? NotAfter,
    DateTimeOffset? When,
    string? Result,
    DeployOutcome? Outcome = null,
    bool SelfSigned = false,
    string? StoreVersion = null,
    string? Reason = null);
