using LbAcme.Core.Served;

namespace LbAcme.Renewal.Served;

/// <summary>Probes what every VIP and LB address of the fleet serves now.</summary>
public interface IServedProbe
{
    /// <summary>
    /// One report with one observation per address and name, VIPs first, in fleet order. A dead address is a finding
    /// in it; only <paramref name="cancellationToken"/> ends the run early (with an exception).
    /// </summary>
    Task<ServedReport> RunAsync(CancellationToken cancellationToken);
}
