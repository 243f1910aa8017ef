using LbAcme.Sidecar.Challenges;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>How the daemon reads, checks and builds a configuration; <c>RunCommand</c> supplies each step.</summary>
internal sealed record GenerationFactory(
    Func<(IConfiguration? Configuration, IReadOnlyList<string> Errors)> Read,
    Func<IConfiguration, Task<(IReadOnlyList<string> Errors, ValidatedConfiguration? Valid)>> ValidateAsync,
    Func<int, ValidatedConfiguration, ListenHandles, ChallengeCache?, Generation> Build);
