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
    double? SyncIntervalSeconds = null);
