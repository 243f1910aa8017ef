using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Store;

/// <summary>
/// A blob lease on locks/{lb}. The lease is finite (default 30 s) and renewed every third of it while
/// held, so a killed run frees the LB within one lease; a held lease means "skip", never "wait".
/// </summary>
public sealed class BlobLeaseLock : ILbLock
{
    private readonly BlobContainerClient _container;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;

    public BlobLeaseLock(BlobContainerClient container, TimeSpan lease, TimeProvider time)
    {
        _container = container;
        _lease = lease;
        _time = time;
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(string lb, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(StoreLayout.Lock(lb));
        try
        {
            await blob.UploadAsync(BinaryData.FromString(lb), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Exists already (or is leased): fine, the lease below decides.
        }
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(_lease, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
        return new HeldLease(lease, _lease, _time);
    }

    private sealed class HeldLease : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public HeldLease(BlobLeaseClient lease, TimeSpan duration, TimeProvider time)
        {
            _lease = lease;
            _renewing = RenewAsync(duration / 3, time, _stop.Token);
        }

        private async Task RenewAsync(TimeSpan every, TimeProvider time, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, time, stop);
                    await _lease.RenewAsync(cancellationToken: stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (RequestFailedException)
                {
                    // A missed renewal is retried at the next tick; if the lease is lost another run may start,
                    // which the CA tolerates (a duplicate order), so this never throws into the order.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            try
            {
                await _lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Expired already: the lease ends by itself.
            }
        }
    }
}
