namespace LbAcme.Renewal.Served;

/// <summary>One SNI name the probe sends at an address, and the fleet certificate (its name) that SNI should select.</summary>
public sealed record ProbeName(string ServerName, string Certificate);
