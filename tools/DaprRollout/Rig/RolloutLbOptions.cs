using System.Net;

namespace LbAcme.DaprRollout.Rig;

/// <summary>How <see cref="RolloutLb"/> starts its LB.</summary>
public sealed class RolloutLbOptions
{
    /// <summary>The loopback address HAProxy's TLS frontend and the sidecar's public and peer ports bind.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>Sidecar:CertificateSync:Interval, the poll (the safety net when an event is lost).</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Sidecar:CertificateSync:Dapr:Events: the app port listens and daprd's deliveries wake a round.</summary>
    public bool Events { get; init; } = true;

    /// <summary>Where everything is written (fleet file, PEM, HAProxy's config and socket, rendered Dapr files); removed on dispose.</summary>
    public required string Directory { get; init; }
}
