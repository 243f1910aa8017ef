namespace LbAcme.Renewal.Store;

/// <summary>What an LB's sidecar reports in status/{lb}: the deployed certificate and how the last sync went.</summary>
public sealed record DeployStatus(string? Serial, DateTimeOffset? NotAfter, DateTimeOffset? When, string? Result);
