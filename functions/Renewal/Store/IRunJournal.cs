using LbAcme.Core.Status;

namespace LbAcme.Renewal.Store;

/// <summary>The runs/ journal and per-LB state, plus the sidecars' status/ reports, in the shared store.</summary>
public interface IRunJournal
{
    Task<LbState?> GetStateAsync(string lb, CancellationToken cancellationToken);

    Task SaveStateAsync(LbState state, CancellationToken cancellationToken);

    Task AppendAsync(RunRecord record, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> ListAsync(string lb, CancellationToken cancellationToken);

    Task<DeployStatus?> GetDeployStatusAsync(string lb, CancellationToken cancellationToken);
}
