namespace LbAcme.Sidecar.Challenges;

/// <summary>Key authorizations this LB holds itself: tokens synced from the store, then files in the webroot.</summary>
internal interface ILocalChallenges
{
    /// <summary>The key authorization for an already validated token, or null.</summary>
    LocalChallenge? Find(string token);
}

internal sealed record LocalChallenge(ReadOnlyMemory<byte> KeyAuthorization, ChallengeSource Source);
