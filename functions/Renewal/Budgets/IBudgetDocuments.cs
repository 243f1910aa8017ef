namespace LbAcme.Renewal.Budgets;

/// <summary>
/// Where budget documents live, with optimistic concurrency: a read gives the document and its version, a write
/// succeeds only if the version is still the one read (null: only if the document still does not exist).
/// </summary>
public interface IBudgetDocuments
{
    /// <summary>The document at <paramref name="path"/> and its version, or (null, null) when there is none.</summary>
    Task<(T? Document, string? Version)> ReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Writes if nobody changed the document since <paramref name="version"/> was read; false when somebody did.</summary>
    Task<bool> TryWriteAsync<T>(string path, T document, string? version, CancellationToken cancellationToken)
        where T : class;
}
