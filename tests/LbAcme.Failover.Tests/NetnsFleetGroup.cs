namespace LbAcme.Failover.Tests;

/// <summary>
/// The namespace fleet's names (lbacmef-hub, lbacmef-lb0, ...) are fixed per machine, so the classes that start one
/// must run one after another, never side by side as xunit runs separate classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetnsFleetGroup
{
    public const string Name = "network namespace fleet";
}
