using LbAcme.Core.Status;

namespace LbAcme.Renewal.Store;

/// <summary>
/// The runs/ journal and the state of each (LB, certificate) pair, plus the sidecars' status/ reports, in the shared
/// store. A subject is <see cref="Core.Fleet.FleetCertificates.SubjectKey"/> ("{lb}" for the default certificate).
/// </summary>
public interface IRunJournal
{
    /// <summary>The state of <paramref name="subject"/>, or null when it has none yet.</summary>
    Task<LbState?> GetStateAsync(string subject, CancellationToken cancellationToken);

    /// <summary>Writes the state under its subject (<see cref="Subjects.Of(LbState)"/>).</summary>
    Task SaveStateAsync(LbState state, CancellationToken cancellationToken);

    /// <summary>Writes the record under its subject (<see cref="Subjects.Of(RunRecord)"/>).</summary>
    Task AppendAsync(RunRecord record, CancellationToken cancellationToken);

    /// <summary>Every record of <paramref name="subject"/>, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListAsync(string subject, CancellationToken cancellationToken);

    Task<DeployStatus?> GetDeployStatusAsync(string lb, CancellationToken cancellationToken);
}
