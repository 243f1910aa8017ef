namespace LbAcme.Sidecar.Challenges;

/// <summary>Where a locally held key authorization came from (a metrics label).</summary>
internal enum ChallengeSource
{
    Memory,
    Webroot,
}
