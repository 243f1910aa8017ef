namespace LbAcme.Renewal.Store;

/// <summary>
/// pending/{subject} in the shared store (<see cref="Core.Fleet.FleetCertificates.SubjectKey"/>, "{lb}" for the default
/// certificate): at most one issued-but-not-imported certificate per LB and fleet certificate, readable by the function only.
/// </summary>
public interface IPendingCertificates
{
    Task SaveAsync(string subject, PendingCertificate pending, CancellationToken cancellationToken);

    /// <summary>The LB's pending certificate, or null when there is none.</summary>
    Task<PendingCertificate?> GetAsync(string subject, CancellationToken cancellationToken);

    /// <summary>Removes it; a missing one is fine.</summary>
    Task DeleteAsync(string subject, CancellationToken cancellationToken);
}
