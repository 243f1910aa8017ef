using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;

namespace LbAcme.Renewal.Store;

/// <summary>
/// What the shared store and the certificate store may still hold for something no longer in the fleet: a removed LB
/// (<see cref="Certificate"/> null: every blob of it, and each of its certificates' store names), or a certificate
/// removed from the fleet while its LB stays (<see cref="Certificate"/> its name: that copy's store name and blobs).
/// </summary>
/// <param name="Lb">The LB's name as the store spells it.</param>
/// <param name="Certificate">The removed fleet certificate, or null when the whole LB is gone.</param>
/// <param name="StoreNames">Certificate store names ({CertificateName}-{lb}, {CertificateName}-{certificate}-{lb}) that may still exist.</param>
/// <param name="Blobs">Its blobs in the shared store (status, lock, challenges, engine state, pending import).</param>
public sealed record OrphanedLoadBalancer(string Lb, string? Certificate, IReadOnlyList<string> StoreNames, IReadOnlyList<string> Blobs);

/// <summary>
/// Lists what a removed LB, or a certificate removed from the fleet, left behind, for the operator to delete; nothing is
/// deleted here. A name dropped from the fleet by mistake (a typo, a half-edited file) must not cost its certificate: a
/// Key Vault delete is a soft delete that keeps the name for the retention period, and a re-issue counts against Let's
/// Encrypt's limits. Role assignments are not visible from here at all (Bicep and <c>az role assignment</c> manage those).
/// A store name the current fleet expects (<see cref="FleetCertificates.StoreName"/> of every LB and certificate) is
/// never listed, whatever blobs suggest.
/// </summary>
public sealed class OrphanedLoadBalancers(BlobContainerClient container)
{
    /// <summary>Listing stops after this many blobs: a store is a few blobs per LB and certificate, not an unbounded walk.</summary>
    public const int MaxBlobs = 10_000;

    // Each blob family, spelled by StoreLayout itself: the part before and after the key. The LB's own families are
    // keyed by the LB; state and pending imports by the subject (LB and certificate).
    private static readonly (string Prefix, string Suffix)[] LbFamilies =
    [
        Split(StoreLayout.ChallengePrefix),
        Split(StoreLayout.Lock),
        Split(StoreLayout.Status),
    ];

    private static readonly (string Prefix, string Suffix)[] SubjectFamilies =
    [
        Split(StoreLayout.RunState),
        Split(StoreLayout.Pending),
    ];

    /// <param name="fleetLbs">The fleet's LBs.</param>
    /// <param name="fleetCertificates">The fleet's certificate names (<see cref="FleetCertificates.All"/>).</param>
    /// <param name="prefix"><c>Engine:CertificateName</c>.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    public async Task<IReadOnlyList<OrphanedLoadBalancer>> ListAsync(IEnumerable<string> fleetLbs, IReadOnlyCollection<string> fleetCertificates, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleetCertificates);
        var lbs = new HashSet<string>(fleetLbs, StringComparer.Ordinal);
        var expected = lbs.SelectMany(lb => fleetCertificates.Select(c => FleetCertificates.StoreName(prefix, c, lb))).ToHashSet(StringComparer.Ordinal);
        var found = new SortedDictionary<(string Lb, string Certificate), List<string>>(Comparer<(string, string)>.Create(Compare));
        var seen = 0;
        await foreach (var (blob, lb, certificate) in ListFamiliesAsync(cancellationToken))
        {
            if (++seen > MaxBlobs)
            {
                break;
            }
            if (lbs.Contains(lb) && (certificate is null || expected.Contains(FleetCertificates.StoreName(prefix, certificate, lb))))
            {
                // A current LB's own blob, or a current certificate's: nothing left behind.
                continue;
            }
            // A removed LB is listed once with all its blobs; a current LB's removed certificate on its own ("" = the whole LB).
            var key = lbs.Contains(lb) ? (lb, certificate!) : (lb, "");
            (found.TryGetValue(key, out var blobs) ? blobs : found[key] = []).Add(blob);
        }
        return [.. found.Select(f => Describe(f.Key.Lb, f.Key.Certificate, f.Value, fleetCertificates, prefix, expected))];
    }

    private static OrphanedLoadBalancer Describe(string lb, string certificate, List<string> blobs, IReadOnlyCollection<string> fleetCertificates, string prefix, HashSet<string> expected)
    {
        if (certificate.Length > 0)
        {
            return new OrphanedLoadBalancer(lb, certificate, [FleetCertificates.StoreName(prefix, certificate, lb)], blobs);
        }
        // A removed LB had, as far as can be told, the fleet's certificates and every one its state or pending blobs name.
        var named = blobs.Select(b => SubjectOf(b) is { } subject ? Subjects.Split(subject).Certificate : null).OfType<string>();
        var storeNames = fleetCertificates.Concat(named).Append(FleetCertificates.DefaultName).Distinct(StringComparer.Ordinal)
            .Select(c => FleetCertificates.StoreName(prefix, c, lb))
            .Where(n => !expected.Contains(n))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new OrphanedLoadBalancer(lb, null, storeNames, blobs);
    }

    private async IAsyncEnumerable<(string Blob, string Lb, string? Certificate)> ListFamiliesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (prefix, suffix) in LbFamilies)
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                if (KeyOf(blob.Name, prefix, suffix) is { } lb && !lb.Contains('.', StringComparison.Ordinal))
                {
                    yield return (blob.Name, lb, null);
                }
            }
        }
        foreach (var (prefix, _) in SubjectFamilies)
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                if (SubjectOf(blob.Name) is { } subject)
                {
                    var (lb, certificate) = Subjects.Split(subject);
                    yield return (blob.Name, lb, certificate);
                }
            }
        }
    }

    private static string? SubjectOf(string blob) =>
        SubjectFamilies.Where(f => blob.StartsWith(f.Prefix, StringComparison.Ordinal)).Select(f => KeyOf(blob, f.Prefix, f.Suffix)).FirstOrDefault(k => k is not null);

    private static string? KeyOf(string blob, string prefix, string suffix)
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

    private static int Compare((string Lb, string Certificate) a, (string Lb, string Certificate) b)
    {
        var byLb = string.CompareOrdinal(a.Lb, b.Lb);
        return byLb != 0 ? byLb : string.CompareOrdinal(a.Certificate, b.Certificate);
    }

    private static (string Prefix, string Suffix) Split(Func<string, string> layout)
    {
        var path = layout("\0");
        var at = path.IndexOf('\0', StringComparison.Ordinal);
        return (path[..at], path[(at + 1)..]);
    }
}
