namespace LbAcme.Sidecar.Challenges;

/// <summary>Memory first (no syscall), then recent webroot hits, then the webroot itself, as the design orders them.</summary>
internal sealed class LocalChallenges(ChallengeCache cache, WebrootChallenges webroot) : ILocalChallenges
{
    public ValueTask<LocalChallenge?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (cache.TryGet(token, out var fromStore))
        {
            return new(new LocalChallenge(fromStore, ChallengeSource.Memory));
        }
        if (webroot.FindRecent(token) is { } recent)
        {
            return new(new LocalChallenge(recent, ChallengeSource.Webroot));
        }
        return ReadWebrootAsync(token, cancellationToken);
    }

    private async ValueTask<LocalChallenge?> ReadWebrootAsync(string token, CancellationToken cancellationToken) =>
        await webroot.ReadAsync(token, cancellationToken) is { } fromDisk ? new LocalChallenge(fromDisk, ChallengeSource.Webroot) : null;
}
