namespace LbAcme.Renewal.Store;

/// <summary>One order per LB at a time, across every instance and run: a lease on locks/{lb}.</summary>
public interface ILbLock
{
    /// <summary>The held lock (renewed in the background until disposed), or null when someone else holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string lb, CancellationToken cancellationToken);
}
