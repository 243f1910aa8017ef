using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// What certificate sync keeps current on this LB: every certificate of the fleet (<see cref="Certificates"/>,
/// the first is HAProxy's default) and how HAProxy is told. <see cref="CrtList"/> is the crt-list HAProxy's binds
/// read, which the sidecar writes and keeps in step with the running HAProxy; null for the one-certificate setup
/// whose <c>Sidecar:CertificateSync:PemPath</c> names a file a hand-written <c>bind ... crt</c> line loads (unless
/// <c>Fleet:HaProxy:CrtList</c> asks for a crt-list anyway).
/// </summary>
internal sealed record SyncTarget(
    string Lb,
    IReadOnlyList<CertificateTarget> Certificates,
    string? CrtList,
    string RuntimeSocket,
    string ReloadCommand)
{
    public static SyncTarget From(FleetOptions fleet, SidecarOptions sidecar)
    {
        var self = fleet.FindLoadBalancer(sidecar.LoadBalancer)
            ?? throw new InvalidOperationException($"Sidecar:LoadBalancer '{sidecar.LoadBalancer}' is not in the fleet");
        var sync = sidecar.CertificateSync;
        var legacySingleFile = sync.PemPath is not null && string.IsNullOrWhiteSpace(fleet.HaProxy.CrtList);
        return new SyncTarget(
            self.Name,
            CertificateTarget.All(fleet, self, sync),
            legacySingleFile ? null : FleetCertificates.CrtListPath(fleet),
            fleet.HaProxy.RuntimeSocket,
            fleet.HaProxy.ReloadCommand);
    }

    /// <summary>The crt-list's lines: each certificate's PEM path, in fleet order.</summary>
    public IReadOnlyList<string> CrtListEntries => [.. Certificates.Select(c => c.PemPath)];
}
