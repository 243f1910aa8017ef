using Azure.Storage.Blobs;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Functions;

/// <summary>
/// On every timer run, one warning per LB that is gone from the fleet but left its certificates and blobs behind, and
/// one per certificate removed from the fleet whose copy on a current LB is still stored, so an operator who removed
/// an LB or a certificate (or dropped one by mistake) sees what to delete, or to bring back. Nothing is deleted: see
/// <see cref="OrphanedLoadBalancers"/>. The listing never fails the run that enqueued the renewals.
/// </summary>
public sealed class LeftoverReport(BlobContainerClient sharedStore, RenewalEngineOptions engine, ILogger<LeftoverReport> logger)
{
    /// <summary>Bounds the listing: it runs after the renewals are already on the queue.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Blob names quoted per LB; the count says how many there are in all.</summary>
    private const int QuotedBlobs = 8;

    /// <param name="fleetLbs">The fleet's LBs.</param>
    /// <param name="fleetCertificates">The fleet's certificate names.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    public async Task ReportAsync(IEnumerable<string> fleetLbs, IReadOnlyCollection<string> fleetCertificates, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var orphans = await new OrphanedLoadBalancers(sharedStore).ListAsync(fleetLbs, fleetCertificates, engine.CertificateName, deadline.Token);
            foreach (var orphan in orphans)
            {
                var blobs = string.Join(", ", orphan.Blobs.Take(QuotedBlobs));
                if (orphan.Certificate is { } certificate)
                {
                    FunctionLog.CertificateLeftBehind(logger, certificate, orphan.Lb, string.Join(", ", orphan.StoreNames), orphan.Blobs.Count, blobs);
                }
                else
                {
                    FunctionLog.LeftBehind(logger, orphan.Lb, string.Join(", ", orphan.StoreNames), orphan.Blobs.Count, blobs);
                }
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
