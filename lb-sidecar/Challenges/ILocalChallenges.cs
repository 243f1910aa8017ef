namespace LbAcme.Sidecar.Challenges;

/// <summary>Key authorizations this LB holds itself: tokens synced from the store, then files in the webroot.</summary>
internal interface ILocalChallenges
{
    /// <summary>The key authorization for an already validated token, or null; completes synchronously when memory has the answer.</summary>
    ValueTask<LocalChallenge?> FindAsync(string token, CancellationToken cancellationToken);
}

internal sealed record LocalChallenge(ReadOnlyMemory<byte> KeyAuthorization, ChallengeSource Source);
