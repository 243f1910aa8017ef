namespace LbAcme.Sidecar.Challenges;

/// <summary>Memory first (no syscall), then the webroot, as the design orders them.</summary>
internal sealed class LocalChallenges(ChallengeCache cache, WebrootChallenges webroot) : ILocalChallenges
{
    public LocalChallenge? Find(string token)
    {
        if (cache.TryGet(token, out var fromStore))
        {
            return new LocalChallenge(fromStore, ChallengeSource.Memory);
        }
        return webroot.Read(token) is { } fromDisk ? new LocalChallenge(fromDisk, ChallengeSource.Webroot) : null;
    }
}
