namespace LbAcme.AttackBench.Attacks;

/// <summary>
/// When an attack is in full force: an attack that needs time to build up (thousands of connections) calls
/// <see cref="Begin"/> once it is in place and keeps it up for <see cref="Duration"/> more; the legitimate client is
/// measured over exactly that time. An attacker holds its connections long before the CA comes to validate, so
/// connections the sidecars opened before the attack was in place would not be a fair part of the measurement.
/// </summary>
internal sealed class AttackWindow(TimeSpan duration)
{
    /// <summary>Longest an attack may take to build up before it is measured anyway.</summary>
    public static readonly TimeSpan MaxBuildUp = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _inForce = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Duration => duration;

    public Task InForce => _inForce.Task;

    public void Begin() => _inForce.TrySetResult();
}
