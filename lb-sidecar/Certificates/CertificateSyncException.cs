using LbAcme.Core.Status;

namespace LbAcme.Sidecar.Certificates;

/// <summary>A round that must be retried with backoff: the store could not be read, or HAProxy could not be given the certificate.</summary>
internal sealed class CertificateSyncException(DeployOutcome outcome, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary><see cref="DeployOutcome.StoreFailed"/> or <see cref="DeployOutcome.ApplyFailed"/>.</summary>
    public DeployOutcome Outcome { get; } = outcome;
}
