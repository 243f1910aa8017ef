namespace LbAcme.Renewal.Runs;

/// <summary>A run of the whole fleet, or of one LB; <see cref="Force"/> renews even when nothing is due.</summary>
public sealed record RunRequest(string Trigger, string? OnlyLb = null, bool Force = false);
