namespace LbAcme.AttackBench.Legit;

/// <summary>How one legitimate request ended: <see cref="Failure"/> is null when the answer was right.</summary>
internal sealed record LegitOutcome(string Kind, double Milliseconds, string? Failure)
{
    public bool Ok => Failure is null;
}
