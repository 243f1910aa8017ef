namespace LbAcme.Core.Served;

/// <summary>Where the latest probe report lives between the timer that writes it and the status that reads it.</summary>
public interface IServedReportStore
{
    /// <summary>The latest report, or null when no probe has run yet.</summary>
    Task<ServedReport?> GetLatestAsync(CancellationToken cancellationToken);

    Task SaveAsync(ServedReport report, CancellationToken cancellationToken);
}
