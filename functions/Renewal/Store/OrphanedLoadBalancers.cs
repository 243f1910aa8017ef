using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LbAcme.Certificates;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Store;

/// <summary>What the shared store still holds for an LB that is no longer in the fleet, and the certificate it had.</summary>
/// <param name="Lb">The LB's name as the store spells it.</param>
/// <param name="Certificate">Its certificate's name in the certificate store ({CertificateName}-{lb}).</param>
/// <param name="Blobs">Its blobs in the shared store (status, lock, challenges, engine state, pending import).</param>
public sealed record OrphanedLoadBalancer(string Lb, string Certificate, IReadOnlyList<string> Blobs);

/// <summary>
/// Lists what a removed LB left behind, for the operator to delete; nothing is deleted here. A name dropped from
/// the fleet by mistake (a typo, a half-edited file) must not cost its certificate: a Key Vault delete is a soft
/// delete that keeps the name for the retention period, and a re-issue counts against Let's Encrypt's limits. Its
/// role assignments are not visible from here at all (Bicep and <c>az role assignment</c> manage those).
/// </summary>
public sealed class OrphanedLoadBalancers(BlobContainerClient container)
{
    /// <summary>Listing stops after this many blobs: a store is a few blobs per LB, not an unbounded walk.</summary>
    public const int MaxBlobs = 10_000;

    // Each per-LB blob family, spelled by StoreLayout itself: the part before and after the LB's name.
    private static readonly (string Prefix, string Suffix)[] Families =
    [
        Split(StoreLayout.ChallengePrefix),
        Split(StoreLayout.Lock),
        Split(StoreLayout.Status),
        Split(StoreLayout.RunState),
        Split(StoreLayout.Pending),
    ];

    public async Task<IReadOnlyList<OrphanedLoadBalancer>> ListAsync(IEnumerable<string> fleetLbs, string certificateName, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(fleetLbs, StringComparer.Ordinal);
        var found = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = 0;
        foreach (var (prefix, suffix) in Families)
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                if (++seen > MaxBlobs)
                {
                    break;
                }
                if (LbOf(blob.Name, prefix, suffix) is { } lb && !known.Contains(lb))
                {
                    (found.TryGetValue(lb, out var blobs) ? blobs : found[lb] = []).Add(blob.Name);
                }
            }
        }
        return [.. found.Select(f => new OrphanedLoadBalancer(f.Key, CertificateName.For(certificateName, f.Key), f.Value))];
    }

    private static string? LbOf(string blob, string prefix, string suffix)
    {
        var rest = blob[prefix.Length..];
        if (suffix.StartsWith('/'))
        {
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 ? rest[..slash] : null;
        }
        return rest.EndsWith(suffix, StringComparison.Ordinal) && rest.Length > suffix.Length && !rest[..^suffix.Length].Contains('/', StringComparison.Ordinal)
            ? rest[..^suffix.Length]
            : null;
    }

    private static (string Prefix, string Suffix) Split(Func<string, string> layout)
    {
        var path = layout("\0");
        var at = path.IndexOf('\0', StringComparison.Ordinal);
        return (path[..at], path[(at + 1)..]);
    }
}
