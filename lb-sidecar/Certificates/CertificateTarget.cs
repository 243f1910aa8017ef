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
        var names = fleet.Names.Concat(string.IsNullOrWhiteSpace(self.ExtraName) ? [] : [self.ExtraName])
            .Select(n => n.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        // acmetool's layout, which the reference design's haproxy.cfg points at: live/{first name}/haproxy.
        var pemPath = sync.PemPath ?? Path.Combine(fleet.HaProxy.CertificateDirectory, names[0], "haproxy");
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
