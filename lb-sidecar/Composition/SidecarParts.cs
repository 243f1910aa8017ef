using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Composition;

/// <summary>
/// Which background parts the daemon runs, decided once from the validated options before anything is registered,
/// so a part that has nothing to do is never constructed rather than idling behind a flag.
/// </summary>
internal sealed record SidecarParts(bool ChallengeSync, bool CertificateSync, bool PeerProbing, bool RolloutEvents = false)
{
    public static SidecarParts From(FleetOptions fleet, SidecarOptions sidecar) => new(
        ChallengeSync: sidecar.Store.IsConfigured,
        CertificateSync: sidecar.CertificateSync.Enabled,
        PeerProbing: fleet.LoadBalancers.Any(lb => !string.Equals(lb.Name, sidecar.LoadBalancer, StringComparison.Ordinal)),
        RolloutEvents: Events.RolloutEvents.IsOn(sidecar));
}
