using Azure.Storage.Blobs;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Functions;

/// <summary>
/// On every timer run, one warning per LB that is gone from the fleet but left its certificate and blobs behind,
/// so an operator who removed an LB (or dropped one by mistake) sees what to delete, or to bring back. Nothing is
/// deleted: see <see cref="OrphanedLoadBalancers"/>. The listing never fails the run that enqueued the renewals.
/// </summary>
public sealed class LeftoverReport(BlobContainerClient sharedStore, RenewalEngineOptions engine, ILogger<LeftoverReport> logger)
{
    /// <summary>Bounds the listing: it runs after the renewals are already on the queue.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Blob names quoted per LB; the count says how many there are in all.</summary>
    private const int QuotedBlobs = 8;

    public async Task ReportAsync(IEnumerable<string> fleetLbs, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var orphans = await new OrphanedLoadBalancers(sharedStore).ListAsync(fleetLbs, engine.CertificateName, deadline.Token);
            foreach (var orphan in orphans)
            {
                FunctionLog.LeftBehind(logger, orphan.Lb, orphan.Certificate, orphan.Blobs.Count, string.Join(", ", orphan.Blobs.Take(QuotedBlobs)));
            }
        }
#pragma warning disable CA1031 // a store that cannot be listed now is a line in the log, never a failed timer run
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            FunctionLog.LeftoversUnknown(logger, e.GetType().Name, e.Message.Split('\n', 2)[0].Trim());
        }
    }
}
