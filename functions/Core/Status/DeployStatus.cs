namespace LbAcme.Core.Status;

/// <summary>
/// The status/{lb} blob a sidecar writes and the function's status reads (web JSON, camelCase): the deployed leaf,
/// when this was reported, how the last round ended as a code (<see cref="Outcome"/>) and as a sentence for people
/// (<see cref="Result"/>). <see cref="SelfSigned"/> says the served certificate is the bootstrap one. Documents
/// written before the code existed have neither <see cref="Outcome"/> nor <see cref="SelfSigned"/>; they still read.
/// </summary>
public sealed record DeployStatus(
    string? Serial,
    DateTimeOffset? NotAfter,
    DateTimeOffset? When,
    string? Result,
    DeployOutcome? Outcome = null,
    bool SelfSigned = false);
