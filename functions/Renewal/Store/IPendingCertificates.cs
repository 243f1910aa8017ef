namespace LbAcme.Renewal.Store;

/// <summary>pending/{lb} in the shared store: at most one issued-but-not-imported certificate per LB, readable by the function only.</summary>
public interface IPendingCertificates
{
    Task SaveAsync(string lb, PendingCertificate pending, CancellationToken cancellationToken);

    /// <summary>The LB's pending certificate, or null when there is none.</summary>
    Task<PendingCertificate?> GetAsync(string lb, CancellationToken cancellationToken);

    /// <summary>Removes it; a missing one is fine.</summary>
    Task DeleteAsync(string lb, CancellationToken cancellationToken);
}
