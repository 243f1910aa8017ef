using LbAcme.Sidecar.Challenges;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// How the daemon reads, checks and builds a configuration; <c>RunCommand</c> supplies each step. A change of
/// <paramref name="WatchedFile"/> (the configuration file) reloads like SIGHUP; null watches nothing.
/// </summary>
internal sealed record GenerationFactory(
    Func<(IConfiguration? Configuration, IReadOnlyList<string> Errors)> Read,
    Func<IConfiguration, Task<(IReadOnlyList<string> Errors, ValidatedConfiguration? Valid)>> ValidateAsync,
    Func<int, ValidatedConfiguration, ListenHandles, ChallengeCache?, Generation> Build,
    string? WatchedFile = null);
