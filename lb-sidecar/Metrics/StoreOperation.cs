namespace LbAcme.Sidecar.Metrics;

/// <summary>A request to the shared challenge store: the <c>operation</c> label of lbacme_sidecar_store_requests_total.</summary>
internal enum StoreOperation
{
    /// <summary>The change marker, read every poll.</summary>
    Marker,

    /// <summary>A listing of the challenge blobs.</summary>
    List,

    /// <summary>One challenge blob's content.</summary>
    Read,
}

internal static class StoreOperationLabels
{
    public static readonly StoreOperation[] All = Enum.GetValues<StoreOperation>();

    public static string Label(this StoreOperation operation) => operation switch
    {
        StoreOperation.Marker => "marker",
        StoreOperation.List => "list",
        StoreOperation.Read => "read",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
