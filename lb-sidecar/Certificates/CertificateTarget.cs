using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// Everything certificate sync needs to know about this LB, resolved once from the fleet and sidecar options:
/// which certificate to pull, which names it must cover, where HAProxy reads it and how to tell HAProxy.
/// </summary>
internal sealed record CertificateTarget(
    string Lb,
    string StoreName,
    IReadOnlyList<string> RequiredNames,
    string PemPath,
    string RuntimeCertificatePath,
    string RuntimeSocket,
    string ReloadCommand)
{
    public static CertificateTarget From(FleetOptions fleet, SidecarOptions sidecar)
    {
        var self = fleet.FindLoadBalancer(sidecar.LoadBalancer)
            ?? throw new InvalidOperationException($"Sidecar:LoadBalancer '{sidecar.LoadBalancer}' is not in the fleet");
        var sync = sidecar.CertificateSync;
        var names = FleetNames.ForLoadBalancer(fleet, self);
        var pemPath = sync.PemPath ?? FleetNames.DefaultPemPath(fleet);
        return new CertificateTarget(
            self.Name,
            CertificateName.For(sync.CertificateName, self.Name),
            names,
            pemPath,
            string.IsNullOrWhiteSpace(sync.RuntimeCertificatePath) ? pemPath : sync.RuntimeCertificatePath,
            fleet.HaProxy.RuntimeSocket,
            fleet.HaProxy.ReloadCommand);
    }
}
