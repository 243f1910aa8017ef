namespace LbAcme.Renewal.Runs;

/// <summary>
/// A run of the whole fleet, or of one LB, over every certificate or only <see cref="OnlyCertificate"/>;
/// <see cref="Force"/> renews even when nothing is due.
/// </summary>
public sealed record RunRequest(string Trigger, string? OnlyLb = null, bool Force = false, string? OnlyCertificate = null);
