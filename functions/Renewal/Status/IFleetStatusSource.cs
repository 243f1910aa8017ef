using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>
/// Builds the fleet status document from the stores (issued certificates, sidecar reports, the run journal, the
/// latest probe report) at the given moment: the status function, the notifications and the operator command's
/// store mode all read it through here, so they cannot disagree.
/// </summary>
public interface IFleetStatusSource
{
    Task<FleetStatusDocument> GetAsync(CancellationToken cancellationToken);
}
