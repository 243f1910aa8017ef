namespace LbAcme.Core.Store;

/// <summary>
/// The <c>challenges/{lb}/</c> part of the shared store.
/// <para>
/// Marker contract: whoever deposits or deletes tokens under <c>challenges/{lb}/</c> calls
/// <see cref="TouchMarkerAsync"/> afterwards. A reader that sees the marker's ETag unchanged may assume
/// the prefix is unchanged, so an idle LB costs one cheap properties read per poll instead of a listing.
/// Readers must record the marker ETag <em>before</em> listing, and must still list now and then: the
/// marker may be absent (an older writer) or its write may have failed.
/// </para>
/// </summary>
public interface IChallengeStore
{
    /// <summary>The ETag of <c>challenges/{lb}/.marker</c>, or null when there is no marker.</summary>
    Task<string?> GetMarkerETagAsync(string lb, CancellationToken cancellationToken);

    /// <summary>Every token under <c>challenges/{lb}/</c> (not the marker), with the ETag and size of its content.</summary>
    Task<IReadOnlyList<StoredChallenge>> ListAsync(string lb, CancellationToken cancellationToken);

    /// <summary>
    /// The key authorization stored for a token (UTF-8), <see cref="CappedReadKind.Missing"/> when it is gone, or
    /// <see cref="CappedReadKind.TooLarge"/> without its content when it is over <see cref="StoreReadLimits.MaxChallengeBytes"/>.
    /// </summary>
    Task<CappedRead> ReadAsync(string lb, string token, CancellationToken cancellationToken);

    /// <summary>Deposits a key authorization. Call <see cref="TouchMarkerAsync"/> after the last one.</summary>
    Task PutAsync(string lb, string token, string keyAuthorization, CancellationToken cancellationToken);

    /// <summary>Deletes a token; a missing one is fine. Call <see cref="TouchMarkerAsync"/> after the last one.</summary>
    Task DeleteAsync(string lb, string token, CancellationToken cancellationToken);

    /// <summary>Rewrites the marker so its ETag changes and readers list the prefix again.</summary>
    Task TouchMarkerAsync(string lb, CancellationToken cancellationToken);
}
